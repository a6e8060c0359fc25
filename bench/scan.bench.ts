/**
 * `npm run bench`: `migrate scan --json` on a generated tree of 20,000 files, as a user runs it
 * (the whole process), beside grep, ShellCheck over the same scripts and the cost of reading the
 * tree's bytes, in the same run (bench/measure.ts). Prints medians and ratios. Not a test:
 * nothing here can fail CI.
 *
 * `npm run bench -- agnos=../agnos-builder`: also each named real repository, beside ShellCheck
 * over the files migrate reads as shell scripts there, and the cost of reading its bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { race, report } from './measure.js';

const FILES = Number(process.env.BENCH_FILES ?? 20_000);

/** Deterministic pseudo-random numbers, so every run generates the same tree. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function generate(root: string): { shell: number; dockerfiles: number } {
  const rand = rng(42);
  const words = ['curl', 'git', 'jq', 'build-essential', 'libssl-dev', 'python3-dev', 'libglib2.0-0t64', 'network-manager', 'ccache', 'cmake'];
  const pick = () => words[Math.floor(rand() * words.length)]!;
  let shell = 0;
  let dockerfiles = 0;
  for (let i = 0; i < FILES; i++) {
    const dir = join(root, `d${i % 200}`, `s${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const r = rand();
    if (r < 0.1) {
      shell++;
      const pkgs = Array.from({ length: 5 + Math.floor(rand() * 40) }, pick).join(' \\\n  ');
      writeFileSync(join(dir, `setup${i}.sh`), `#!/bin/bash -e\nPKGS="${pick()} ${pick()}"\napt-get update\napt-get install -y --no-install-recommends \\\n  ${pkgs}\napt-get install -y $PKGS\nfor f in a b c; do echo "$f"; done\n`);
    } else if (r < 0.12) {
      dockerfiles++;
      writeFileSync(join(dir, `Dockerfile.${i}`), `FROM ubuntu:24.04 AS b${i}\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y \\\n    ${pick()} \\\n    ${pick()}\nCOPY . /src\n`);
    } else if (r < 0.15) {
      writeFileSync(join(dir, `svc${i}.service`), `[Unit]\nDescription=x\n[Service]\nExecStart=/usr/bin/x\n`);
    } else if (r < 0.17) {
      writeFileSync(join(dir, `blob${i}.bin`), Buffer.alloc(16 * 1024, i % 251));
    } else {
      const body = Array.from({ length: 20 + Math.floor(rand() * 80) }, (_, k) => `int f${k}(void) { return ${k}; } /* ${pick()} */`).join('\n');
      writeFileSync(join(dir, `src${i}.c`), `${body}\n`);
    }
  }
  return { shell, dockerfiles };
}

const ROUNDS = Number(process.env.BENCH_RUNS ?? 5);
const root = mkdtempSync(join(tmpdir(), 'migrate-bench-'));
try {
  const mix = generate(root);
  const scripts = execFileSync('find', [root, '-name', '*.sh'], { encoding: 'utf8' }).trim().split('\n');
  const list = join(tmpdir(), `migrate-bench-scripts-${process.pid}`);
  writeFileSync(list, `${scripts.join('\n')}\n`);
  console.log(`tree: ${FILES} files (${mix.shell} shell scripts, ${mix.dockerfiles} Dockerfiles)`);
  const results = race([
    { name: 'migrate', argv: [process.execPath, 'bin/migrate.js', 'scan', root, '--json'] },
    { name: 'grep -rl apt-get', argv: ['bash', '-c', `grep -rl apt-get ${root}; true`] },
    { name: 'shellcheck (its scripts)', argv: ['bash', '-c', `xargs shellcheck -f gcc < ${list}; true`] },
    { name: 'tar cf - | wc -c (reading)', argv: ['bash', '-c', `tar cf - -C ${root} . | wc -c`] },
  ], ROUNDS);
  report('migrate scan --json on the tree', results, ROUNDS, { 'shellcheck (its scripts)': 'at most 1x', 'tar cf - | wc -c (reading)': 'at most 5x' });
  rmSync(list, { force: true });
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

for (const arg of process.argv.slice(2)) {
  const [name, dir] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, arg];
  // ShellCheck gets exactly the files migrate reads as shell, so both do the same work.
  const files = (JSON.parse(execFileSync(process.execPath, ['bin/migrate.js', 'scan', dir!, '--json'], { encoding: 'utf8', maxBuffer: 1 << 30 })) as { files: { file: string; kind: string }[] }).files.filter((f) => f.kind === 'shell').map((f) => join(dir!, f.file));
  const list = join(tmpdir(), `migrate-bench-repo-${process.pid}`);
  writeFileSync(list, `${files.join('\n')}\n`);
  const results = race([
    { name: 'migrate', argv: [process.execPath, 'bin/migrate.js', 'scan', dir!, '--json'] },
    { name: `shellcheck (its ${files.length} scripts)`, argv: ['bash', '-c', `xargs -d '\\n' shellcheck -f gcc < ${list}; true`] },
    { name: 'tar cf - | wc -c (reading)', argv: ['bash', '-c', `tar cf - -C ${dir} . | wc -c`] },
  ], ROUNDS);
  report(`migrate scan --json on ${name}`, results, ROUNDS, { [`shellcheck (its ${files.length} scripts)`]: 'at most 1x' });
  rmSync(list, { force: true });
}
