/**
 * Hostile inputs that once hung the tool or exhausted memory, each run as a user runs the CLI (a
 * child process) under the corpus bounds: done within 60 s, peak RSS under 512 MiB, and ended by a
 * finding or a documented exit code, never exit 70. Not a speed test: the bounds are ceilings.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoWith } from '../helpers.js';

const LIMIT_MS = 60_000;
const LIMIT_RSS_KIB = 512 * 1024;

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', './test/hostile/rss-at-exit.mjs', 'bin/migrate.js', ...args], { encoding: 'utf8', timeout: LIMIT_MS, maxBuffer: 256 * 1024 * 1024 });
  const rss = Number(/migrate-test-peak-rss-kib (\d+)/.exec(r.stderr ?? '')?.[1] ?? Number.NaN);
  return { ...r, rss };
}

/** bash -c '…' nested `levels` deep with POSIX '\'' escaping (12 levels make 797 KB), or with "…" and backslashes. */
function nested(levels: number, quote: 'single' | 'double' = 'single'): string {
  let s = 'apt-get install -y deep-package';
  for (let i = 0; i < levels; i++) s = quote === 'single' ? `bash -c '${s.replace(/'/g, "'\\''")}'` : `bash -c ${JSON.stringify(s)}`;
  return `#!/bin/sh\n${s}\n`;
}

/** One apt-get install naming 120,000 packages (1 MB): once a stack overflow, then 18 s and 959 MiB. */
function hugeInstall(): string {
  const names = Array.from({ length: 120_000 }, (_, i) => `pkg${i.toString(36)}x`);
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 10) lines.push(`  ${names.slice(i, i + 10).join(' ')} \\\n`);
  return `#!/bin/sh\napt-get install -y \\\n${lines.join('')}  end\n`;
}

const cases: [string, () => string[], (out: string) => void][] = [
  [
    'scan --json of one install of 120,000 packages',
    () => ['scan', repoWith({ 'install.sh': hugeInstall() }), '--json'],
    (out) => {
      const report = JSON.parse(out.slice(0, out.lastIndexOf('}') + 1)) as { packages: { name: string; alpine: { status: string } | null }[] };
      expect(report.packages).toHaveLength(120_001);
      expect(report.packages[119_999]).toMatchObject({ name: 'pkg2klbx', alpine: { status: 'unknown' } });
    },
  ],
  ['generate on one install of 120,000 packages', () => ['generate', repoWith({ 'install.sh': hugeInstall() })], (out) => expect(out).toMatch(/install_alpine\.sh/)],
  ['openrc on one install of 120,000 packages', () => ['openrc', repoWith({ 'install.sh': hugeInstall() })], () => {}],
  ['apt-get inside 12 nested bash -c strings (797 KB)', () => ['scan', repoWith({ 'nest.sh': nested(12) }), '--format', 'tty'], (out) => expect(out).toMatch(/nest\.sh:2: error: .*deep-package/)],
  ['generate on scripts nested deeper than the walker follows (once a stack overflow)', () => ['generate', repoWith({ 'nest.sh': nested(17, 'double') })], (out) => expect(out).toMatch(/^\d+ siblings and/m)],
  [
    'generate on a 12 MB script that scan sets aside as too large (once an abort in the parser)',
    () => ['generate', repoWith({ 'big.sh': `#!/bin/sh\n${'echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n'.repeat(280_000)}`, 'ok.sh': '#!/bin/sh\napt-get install -y curl\n' })],
    (out) => {
      expect(out).toMatch(/ok_alpine\.sh/);
      expect(out).not.toMatch(/big_alpine\.sh/);
    },
  ],
  ['scripts nested deeper than the walker follows', () => ['scan', repoWith({ 'nest.sh': nested(17, 'double') }), '--format', 'tty'], (out) => expect(out).toMatch(/nested more than 16 deep/)],
  [
    'a unit with 200,000 continuation lines',
    () => ['scan', repoWith({ 'x.service': `[Service]\nExecStart=/bin/echo \\\n${Array.from({ length: 200_000 }, (_, i) => `  a${i} \\\n`).join('')}  end\n` }), '--format', 'tty'],
    () => {},
  ],
  [
    'generate on a 100,000-line Dockerfile',
    () => ['generate', repoWith({ Dockerfile: `FROM ubuntu:24.04\n${Array.from({ length: 100_000 }, (_, i) => `RUN echo ${i}\n`).join('')}` })],
    (out) => expect(out).toMatch(/1 siblings/),
  ],
];

describe('hostile inputs stay within the corpus bounds (60 s, 512 MiB)', () => {
  it.each(cases)('%s', (_name, args, check) => {
    const r = cli(...args());
    expect(r.error, 'did not finish within 60 s').toBeUndefined();
    expect([0, 1], r.stderr.slice(0, 500)).toContain(r.status);
    expect(r.rss).toBeLessThan(LIMIT_RSS_KIB);
    check(`${r.stdout}${r.stderr}`);
  }, LIMIT_MS + 10_000);
});

