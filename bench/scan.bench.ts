/**
 * `npm run bench`: scans a generated tree of 20,000 files and compares with `grep -rl apt-get`
 * over the same tree, run in this same script so both see the same machine and page cache.
 * Prints files/s and the ratio; the goal is under 5x grep. Not a test: nothing here can fail CI.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scan } from '../src/scan/scanner.js';

const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const RUNS = 3;

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

function best(fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

async function bestAsync(fn: () => Promise<unknown>): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const root = mkdtempSync(join(tmpdir(), 'migrate-bench-'));
try {
  const mix = generate(root);
  let packages = 0;
  const scanMs = await bestAsync(async () => {
    packages = (await scan(root)).packages.length;
  });
  const grepMs = best(() => {
    try {
      execFileSync('grep', ['-rl', 'apt-get', root], { stdio: ['ignore', 'ignore', 'ignore'] });
    } catch {
      /* grep exits 1 when nothing matches; the time still counts */
    }
  });
  console.log(`tree: ${FILES} files (${mix.shell} shell scripts, ${mix.dockerfiles} Dockerfiles), best of ${RUNS}`);
  console.log(`migrate scan:       ${scanMs.toFixed(0)} ms  ${(FILES / (scanMs / 1000)).toFixed(0)} files/s  ${packages} package installs`);
  console.log(`grep -rl apt-get:   ${grepMs.toFixed(0)} ms  ${(FILES / (grepMs / 1000)).toFixed(0)} files/s`);
  console.log(`ratio scan/grep:    ${(scanMs / grepMs).toFixed(2)}x (goal: under 5x)`);
} finally {
  if (process.env.BENCH_KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
