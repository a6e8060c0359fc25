/** db import-musl and db import-gcompat replace a table of the database with the real file's exports. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dbStats, libcSymbols, openDb } from '../../src/db/database.js';
import { readGcompatTable } from '../../src/elf/musl-import.js';
import { freshDb } from '../db/fixtures.js';
import { ALPINE, needShared } from '../support.js';
import { runInProcess } from './run.js';

describe.skipIf(!needShared('alpine/alpine-minirootfs-3.20.3-aarch64.tar.gz', 'alpine/gcompat-1.1.0/libgcompat.so.0'))('db import-musl, db import-gcompat', () => {
  it.each([
    ['musl', join(ALPINE, 'alpine-minirootfs-3.20.3-aarch64.tar.gz'), 'aarch64'],
    ['gcompat', join(ALPINE, 'gcompat-1.1.0', 'libgcompat.so.0'), 'x86_64'],
  ] as const)('import-%s reads %s and replaces the %s table', async (library, file, arch) => {
    const db = freshDb();
    const r = await runInProcess('db', 'build', '--db', db);
    expect(r.code).toBe(0);
    const imported = await runInProcess('db', `import-${library}`, file, '--db', db, '--json');
    const out = JSON.parse(imported.stdout);
    expect([imported.code, out.arch]).toEqual([0, arch]);
    const d = openDb(db, { readonly: true });
    const table = libcSymbols(d, library, arch)!;
    const stats = dbStats(d);
    d.close();
    expect(table.symbols.size).toBe(out.symbols);
    expect(table.source).toBe(`${library} (imported), from ${out.source}`);
    if (library === 'gcompat') expect([...table.symbols].sort()).toEqual(readGcompatTable(file).symbols);
    expect(stats.libcTables.find((t) => t.library === library && t.arch === arch)!.source).toMatch(/\(imported\)/);
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, 300_000), /is not a readable \.tar\.gz \(unexpected end of file\): give an intact/],
    ['corrupt in the middle', (b: Buffer) => Buffer.concat([b.subarray(0, 2000), Buffer.alloc(5000, 0x55), b.subarray(7000)]), /is not a readable \.tar\.gz/],
    ['a gzip of no tar', () => gzipSync(Buffer.alloc(4096, 0x41)), /corrupt tar header|holds no lib\/ld-musl/],
  ])('a %s minirootfs is a one-line usage error, not an internal error', async (_name, damage, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-musl-'));
    const file = join(dir, 'alpine-minirootfs-bad.tar.gz');
    writeFileSync(file, damage(readFileSync(join(ALPINE, 'alpine-minirootfs-3.20.3-aarch64.tar.gz'))));
    const r = await runInProcess('db', 'import-musl', file, '--db', freshDb());
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(r.stderr).toMatch(message);
  });

  it('a file that is no C library is a one-line usage error', async () => {
    const r = await runInProcess('db', 'import-gcompat', 'README.md', '--db', freshDb());
    expect([r.code, r.stderr.trim().split('\n').length]).toEqual([2, 1]);
  });
});
