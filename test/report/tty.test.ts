/** `--format tty`: one line per finding, in the form editors' problem matchers read. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTty } from '../../src/report/tty.js';
import { scan } from '../../src/scan/scanner.js';

describe('--format tty', () => {
  it('gives every finding one file:line: severity: message [rule] line', async () => {
    const result = await scan('examples/ubuntu-image');
    const lines = renderTty(result).trimEnd().split('\n');
    expect(lines).toHaveLength(result.findings.length);
    for (const l of lines) expect(l).toMatch(/^[^:\n]+:\d+: (error|warning|info): [^\n]+ \[[a-z]+\/[a-z0-9-]+\]$/);
    const f = result.findings.find((x) => x.line !== null)!;
    expect(lines).toContain(`${f.file}:${f.line}: ${f.severity}: ${f.message.replace(/\s*\n\s*/g, ' ')} [${f.rule}]`);
  });

  it('keeps a finding on one line when its file name holds a line break', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'migrate-tty-'));
    mkdirSync(join(repo, 'a\nb'));
    writeFileSync(join(repo, 'a\nb', 'install.sh'), '#!/bin/sh\napt-get install -y curl\n');
    const out = renderTty(await scan(repo));
    expect(out).toContain('a\\nb/install.sh:2: ');
    for (const l of out.trimEnd().split('\n')) expect(l).toMatch(/^\S.*:\d+: (error|warning|info): .* \[[a-z]+\/[a-z0-9-]+\]$/);
  });
});
