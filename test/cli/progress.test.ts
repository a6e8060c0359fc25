/** Progress on a terminal moves with the files; on a pipe there is none. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const repo = mkdtempSync(join(tmpdir(), 'migrate-progress-'));
for (let i = 0; i < 274; i++) {
  mkdirSync(join(repo, `d${i % 9}`), { recursive: true });
  writeFileSync(join(repo, `d${i % 9}`, `s${i}.sh`), `#!/bin/sh\necho ${i}\n`);
}

async function stderrOf(tty: boolean): Promise<string> {
  let stderr = '';
  const io: CliIo = { stdout: () => {}, stderr: (t) => (stderr += t), stderrIsTty: tty, color: false };
  expect(await main(['scan', repo, '--format', 'tty'], io)).toBe(0);
  return stderr;
}

describe('scan progress', () => {
  it('counts up through the files on a terminal, about a hundred steps, and ends at the total', async () => {
    const counts = [...(await stderrOf(true)).matchAll(/\rscanning (\d+)\/274 files/g)].map((m) => Number(m[1]));
    expect(counts.length).toBeGreaterThan(50);
    expect(counts.length).toBeLessThanOrEqual(101);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(274);
    expect(counts.filter((n) => n > 0 && n < 274).length).toBeGreaterThan(50);
  });

  it('writes none on a pipe', async () => {
    expect(await stderrOf(false)).not.toMatch(/scanning/);
  });
});
