/**
 * `migrate scan DIR | head`: when the reader closes the pipe, migrate stops writing and ends
 * quietly with its own exit code, no stack trace (it used to die of an unhandled EPIPE).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the CLI, reads the first chunk of stdout, then closes the pipe. */
function runClosingEarly(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['bin/migrate.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('a closed pipe', () => {
  it.each([[['scan']], [['scan', '--json']], [['scan', '--format', 'sarif']], [['generate', '--dry-run']]])('%j ends quietly', async (cmd) => {
    // Enough output to outlast the pipe's buffer: 400 scripts with installs.
    const repo = mkdtempSync(join(tmpdir(), 'migrate-pipe-'));
    for (let i = 0; i < 400; i++) writeFileSync(join(repo, `s${i}.sh`), `#!/bin/bash\napt-get install -y curl jq git-${i}\nsystemctl enable svc${i}\n`);
    const r = await runClosingEarly([cmd[0]!, repo, ...cmd.slice(1), '--db', 'dist/default.db']);
    expect(r.stderr).not.toMatch(/EPIPE|Error:|at /);
    expect([0, 1]).toContain(r.code);
  }, 60_000);
});
