/**
 * `into.push(...items)` passes every item as an argument, and a large array (one script that
 * installs 120,000 packages) overflows the call stack. Appending in a loop has no such limit.
 */
export function append<T>(into: T[], items: readonly T[]): T[] {
  for (const x of items) into.push(x);
  return into;
}
