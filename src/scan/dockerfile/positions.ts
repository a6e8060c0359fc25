/** dockerfile-ast positions (0-based line and character) as offsets into the Dockerfile's text. */
export type OffsetOf = (p: { line: number; character: number }) => number;

export function offsetResolver(text: string): OffsetOf {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (p) => (starts[p.line] ?? text.length) + p.character;
}
