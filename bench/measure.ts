/**
 * How the benches time things: whole processes as a user runs them (stdout to /dev/null), several
 * rounds with the contenders alternating so each sees the same machine and page cache, the median
 * of each, and migrate's peak RSS from GNU time when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Contender {
  name: string;
  /** argv; a shell pipeline is ['bash', '-c', '...']. */
  argv: string[];
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** One run: wall milliseconds, and peak RSS in KiB when GNU time can tell. */
function once(c: Contender): { ms: number; rssKiB: number | null } {
  const argv = GNU_TIME ? [GNU_TIME, '-f', '%M', ...c.argv] : c.argv;
  const t = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = performance.now() - t;
  if (r.error) throw r.error;
  const rss = GNU_TIME ? Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1]) : NaN;
  return { ms, rssKiB: Number.isFinite(rss) ? rss : null };
}

/** Medians over `rounds`, the order of the contenders rotating each round. */
export function race(contenders: Contender[], rounds = 5): Map<string, { ms: number; rssKiB: number | null }> {
  const times = new Map(contenders.map((c) => [c.name, [] as number[]]));
  const rss = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(k + r) % contenders.length]!;
      const o = once(c);
      times.get(c.name)!.push(o.ms);
      if (o.rssKiB !== null) rss.get(c.name)!.push(o.rssKiB);
    }
  }
  return new Map(contenders.map((c) => [c.name, { ms: median(times.get(c.name)!), rssKiB: rss.get(c.name)!.length ? Math.max(...rss.get(c.name)!) : null }]));
}

/** Prints each contender's median and migrate's ratio to it. */
export function report(title: string, results: Map<string, { ms: number; rssKiB: number | null }>, rounds: number, goals: Record<string, string> = {}): void {
  const ours = results.get('migrate')!;
  console.log(`${title} (median of ${rounds} runs, whole processes)`);
  for (const [name, r] of results) {
    const mem = name === 'migrate' && r.rssKiB !== null ? `  peak RSS ${(r.rssKiB / 1024).toFixed(0)} MiB` : '';
    const ratio = name === 'migrate' ? '' : `  migrate/${name}: ${(ours.ms / r.ms).toFixed(2)}x${goals[name] ? ` (goal: ${goals[name]})` : ''}`;
    console.log(`  ${name.padEnd(30)} ${r.ms.toFixed(0).padStart(7)} ms${mem}${ratio}`);
  }
}
