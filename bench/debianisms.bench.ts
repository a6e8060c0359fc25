/**
 * `npm run bench:debianisms -- NAME=REPO ...`: how many of the Ubuntu-specific lines of a real image
 * build the scan reports. The lists in bench/debianisms/NAME.tsv were written by hand, line by line,
 * without the tool (their headers say by whom and at which commit); REPO is a checkout of that
 * commit. A listed line counts as reported when a finding names its file and line, or, for a
 * multi-line command listed at its first line, a line of the same command within the next 3; line
 * 0 (a whole file) when any finding names the file. The whole CLI runs, as a user runs it.
 * Goal (issue 13): at least 90% of each list. VERBOSE=1 lists the lines missed.
 *   npm run bench:debianisms -- agnos-builder=../agnos-builder ubuntu-rockchip=../ubuntu-rockchip
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Listed {
  file: string;
  line: number;
  kind: string;
  what: string;
}

function readList(name: string): Listed[] {
  return readFileSync(join('bench', 'debianisms', `${name}.tsv`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [file, line, kind, what] = l.split('\t');
      return { file: file!, line: Number(line), kind: kind!, what: what ?? '' };
    });
}

const pairs = process.argv.slice(2).filter((a) => a.includes('='));
if (!pairs.length) {
  console.error('usage: npm run bench:debianisms -- NAME=REPO ... (NAME: a list in bench/debianisms/)');
  process.exit(2);
}
const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
for (const pair of pairs) {
  const [name, repo] = pair.split('=') as [string, string];
  const list = readList(name);
  const out = execFileSync(process.execPath, ['bin/migrate.js', 'scan', repo, '--json', '--fail-on', 'none'], { maxBuffer: 1 << 28 }).toString('utf8');
  const report = JSON.parse(out) as { findings: { file: string; line: number | null; severity: string; rule: string }[] };
  const lines = new Map<string, Set<number>>();
  for (const f of report.findings) {
    const set = lines.get(f.file) ?? new Set<number>();
    if (f.line !== null) set.add(f.line);
    lines.set(f.file, set);
  }
  const hit = (l: Listed, window: number) => {
    const set = lines.get(l.file);
    if (!set) return false;
    if (l.line === 0) return true;
    for (let d = 0; d <= window; d++) if (set.has(l.line + d)) return true;
    return false;
  };
  const exact = list.filter((l) => hit(l, 0)).length;
  const byKind = new Map<string, { n: number; hit: number }>();
  const missed: Listed[] = [];
  for (const l of list) {
    const k = byKind.get(l.kind) ?? { n: 0, hit: 0 };
    k.n++;
    if (hit(l, 3)) k.hit++;
    else missed.push(l);
    byKind.set(l.kind, k);
  }
  const total = list.length - missed.length;
  console.log(`${name}: ${total}/${list.length} listed lines reported (${pct(total, list.length)}; on the very line ${pct(exact, list.length)}); ${report.findings.length} findings`);
  for (const [kind, k] of [...byKind].sort((a, b) => b[1].n - a[1].n)) console.log(`  ${kind.padEnd(16)} ${String(k.hit).padStart(4)}/${String(k.n).padEnd(4)} ${pct(k.hit, k.n)}`);
  if (process.env.VERBOSE) for (const m of missed) console.log(`  missed ${m.file}:${m.line} [${m.kind}] ${m.what}`);
}
