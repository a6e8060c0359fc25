import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dbStats, openDb } from '../../src/db/database.js';
import { decompressPackages, PackagesError, parsePackages } from '../../src/db/debian-packages.js';
import { importIndexFile } from '../../src/db/import-file.js';
import { PackageMap } from '../../src/db/lookup.js';
import { hasTool, need } from '../support.js';
import { freshDb } from './fixtures.js';

describe('Debian Packages paragraphs', () => {
  it('reads fields, source without version, relation names', () => {
    const [p] = parsePackages(
      'Package: libssl3\nSource: openssl (3.0.11-1)\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSection: libs\nProvides: libssl3-dev-dummy (= 1)\nDepends: libc6 (>= 2.34), libfoo | libbar\nDescription: Secure Sockets Layer toolkit\n long text\n .\n more\n',
    );
    expect(p).toEqual({
      name: 'libssl3', version: '3.0.11-1~deb12u2', arch: 'amd64', source: 'openssl', section: 'libs',
      description: 'Secure Sockets Layer toolkit', provides: ['libssl3-dev-dummy'], depends: ['libc6', 'libfoo'],
    });
  });

  it.each([
    ['zstd', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0])],
    ['truncated gzip', gzipSync(Buffer.from('Package: a\n'.repeat(1000))).subarray(0, 30)],
    ['truncated xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3])],
  ])('refuses %s with a clear error', async (_n, bytes) => {
    await expect(decompressPackages(bytes)).rejects.toThrow(PackagesError);
  });
});

// The machine's own apt lists are a real Debian Packages file (lz4; apt's helper decompresses it).
const lists = '/var/lib/apt/lists';
const listFile = existsSync(lists) ? readdirSync(lists).find((f) => /_dists_[a-z]+_main_binary-[a-z0-9]+_Packages/.test(f)) : undefined;
const ok = need('a Debian Packages file in /var/lib/apt/lists (run apt-get update) and apt-helper', Boolean(listFile) && existsSync('/usr/lib/apt/apt-helper')) && need('xz', hasTool('xz'));

describe.skipIf(!ok)("the machine's real Debian Packages file", () => {
  let plain: Buffer;
  let dir: string;
  let expected: number;
  beforeAll(() => {
    plain = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(lists, listFile!)], { maxBuffer: 1 << 30 });
    dir = mkdtempSync(join(tmpdir(), 'migrate-packages-'));
    writeFileSync(join(dir, 'Packages'), plain);
    writeFileSync(join(dir, 'Packages.gz'), gzipSync(plain));
    writeFileSync(join(dir, 'Packages.xz'), execFileSync('xz', ['-c', '-0', '-T2'], { input: plain, maxBuffer: 1 << 30 }));
    expected = plain.toString('utf8').split('\n').filter((l) => l.startsWith('Package: ')).length;
  }, 120_000);

  it.each(['Packages', 'Packages.gz', 'Packages.xz'])('imports %s whole, in one transaction', async (file) => {
    const db = openDb(freshDb({ catalogues: false }));
    const r = await importIndexFile(db, join(dir, file), { keysDir: '/nonexistent', allowUntrusted: false });
    expect(r).toMatchObject({ kind: 'packages', records: expected });
    expect(dbStats(db).debianPackages).toBe(expected);
    expect(expected).toBeGreaterThan(10_000);
    db.close();
  });

  it('a truncated file does not touch the database', async () => {
    const db = openDb(freshDb());
    await importIndexFile(db, join(dir, 'Packages.gz'), { keysDir: '/nonexistent', allowUntrusted: false }, 'bookworm');
    const before = dbStats(db);
    const bad = join(dir, 'bad.gz');
    writeFileSync(bad, gzipSync(plain).subarray(0, 100_000));
    await expect(importIndexFile(db, bad, { keysDir: '/nonexistent', allowUntrusted: false }, 'bookworm')).rejects.toThrow(/corrupt or truncated/);
    expect(dbStats(db)).toEqual(before);
    db.close();
  });

  it('gives the source package to lookups', async () => {
    const db = openDb(freshDb());
    await importIndexFile(db, join(dir, 'Packages'), { keysDir: '/nonexistent', allowUntrusted: false });
    const src = db.prepare("SELECT source_package AS s FROM debian_packages WHERE name = 'libbz2-dev'").get() as { s: string };
    expect(src.s).toBe('bzip2');
    expect(new PackageMap(db).lookup('build-essential').provenance).toBe('curated');
    db.close();
  });
});
