/**
 * JSON.stringify(value, null, 2), byte for byte, handed out a piece at a time. A member of the top
 * object given as a `JsonList` is converted and written an element at a time, so a report of
 * 120,000 packages (80 MB of JSON) is never built as one string.
 */
export class JsonList<T> {
  constructor(
    readonly items: readonly T[],
    readonly convert: (item: T) => unknown,
  ) {}
}

const indent = (json: string, pad: string) => json.replace(/\n/g, `\n${pad}`);

export function* prettyJson(top: Record<string, unknown>): Generator<string> {
  const members = Object.entries(top).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (!members.length) {
    yield '{}';
    return;
  }
  yield '{\n';
  for (const [i, [key, value]] of members.entries()) {
    const head = `  ${JSON.stringify(key)}: `;
    const tail = i < members.length - 1 ? ',\n' : '\n';
    if (!(value instanceof JsonList)) {
      yield `${head}${indent(JSON.stringify(value, null, 2), '  ')}${tail}`;
      continue;
    }
    if (!value.items.length) {
      yield `${head}[]${tail}`;
      continue;
    }
    yield `${head}[\n`;
    // Elements go out in batches: one write per element costs more than the elements themselves.
    let batch = '';
    for (const [j, item] of value.items.entries()) {
      batch += `    ${indent(JSON.stringify(value.convert(item) ?? null, null, 2), '    ')}${j < value.items.length - 1 ? ',\n' : '\n'}`;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    yield `${batch}  ]${tail}`;
  }
  yield '}';
}
