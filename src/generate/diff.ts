/** A unified diff (one hunk per change region, 3 lines of context) from an LCS table; for --dry-run. */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  const a = oldText === '' ? [] : oldText.replace(/\n$/, '').split('\n');
  const b = newText.replace(/\n$/, '').split('\n');
  const n = a.length;
  const m = b.length;
  if (n * m > 25_000_000) return `--- ${oldName}\n+++ ${newName}\n@@ file too large to diff: ${n} -> ${m} lines @@\n`;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { op: ' ' | '-' | '+'; text: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', text: a[i]!, ai: i++, bi: j++ });
    else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ op: '+', text: b[j]!, ai: i, bi: j++ });
    else ops.push({ op: '-', text: a[i]!, ai: i++, bi: j });
  }
  const out = [`--- ${oldName}`, `+++ ${newName}`];
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.op === ' ') {
      k++;
      continue;
    }
    const from = Math.max(0, k - 3);
    let to = k;
    for (let idle = 0; to < ops.length && idle <= 6; to++) idle = ops[to]!.op === ' ' ? idle + 1 : 0;
    to = Math.min(ops.length, to - Math.max(0, (to < ops.length ? 7 : 0) - 3));
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((o) => o.op !== '+').length;
    const bCount = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aCount ? hunk[0]!.ai + 1 : hunk[0]!.ai},${aCount} +${bCount ? hunk[0]!.bi + 1 : hunk[0]!.bi},${bCount} @@`);
    for (const o of hunk) out.push(`${o.op}${o.text}`);
    k = to;
  }
  return `${out.join('\n')}\n`;
}
