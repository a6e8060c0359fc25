/**
 * Inputs that once crashed the whole scan: one script whose install names 120,000 packages (1 MB)
 * overflowed the call stack when its records were spread into push(). Now they are appended.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { append } from '../../src/append.js';
import { scan } from '../../src/scan/scanner.js';

describe('large inputs', () => {
  it('appends more items than the call stack holds arguments', () => {
    const many = Array.from({ length: 500_000 }, (_, i) => i);
    expect(() => [].push(...(many as never[]))).toThrow(RangeError);
    expect(append<number>([], many)).toHaveLength(500_000);
  });

  it('scans one install of 120,000 packages and reports them all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-big-'));
    writeFileSync(join(dir, 'big.sh'), `#!/bin/sh\napt-get install -y ${Array.from({ length: 120_000 }, (_, i) => `pkg${i}`).join(' ')}\n`);
    const r = await scan(dir);
    expect(r.packages).toHaveLength(120_000);
  }, 60_000);
});
