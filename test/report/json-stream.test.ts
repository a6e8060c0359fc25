import { describe, expect, it } from 'vitest';
import { JsonList, prettyJson } from '../../src/report/json-stream.js';

/** The streamed report must be the bytes JSON.stringify(value, null, 2) gives, whatever the values. */
const samples: Record<string, unknown>[] = [
  {},
  { a: [] },
  { a: undefined, b: () => 1, c: 1 },
  { nested: { deep: [{ x: [1, [2, []], {}] }] }, s: 'line\nbreak "quoted" \u2028 é', n: null, t: true },
  { many: Array.from({ length: 5000 }, (_, i) => ({ i, name: `pkg${i}`, tags: i % 3 ? ['a', 'b'] : [] })) },
];

function streamed(value: Record<string, unknown>): string {
  // Every array member goes through JsonList, converted by a function that copies the element.
  const lazy = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? new JsonList(v, (x) => (typeof x === 'object' && x ? { ...x } : x)) : v]));
  return [...prettyJson(lazy)].join('');
}

describe('prettyJson', () => {
  it.each(samples.map((s, i) => [i, s] as const))('sample %i is byte-identical to JSON.stringify(v, null, 2)', (_i, sample) => {
    expect(streamed(sample)).toBe(JSON.stringify(sample, null, 2));
  });

  it('hands out a long list in many pieces, none of them the whole', () => {
    const pieces = [...prettyJson({ list: new JsonList(Array.from({ length: 20_000 }, (_, i) => i), (i) => ({ i, pad: 'x'.repeat(20) })) })];
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(total / 5);
  });

  it('writes null for an element converted to undefined, as JSON.stringify does in arrays', () => {
    expect([...prettyJson({ a: new JsonList([1, 2], (x) => (x === 1 ? undefined : x)) })].join('')).toBe(JSON.stringify({ a: [undefined, 2] }, null, 2));
  });
});
