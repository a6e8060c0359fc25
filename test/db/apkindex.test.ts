import { createSign, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipMembers, IndexError, loadApkIndex, parseApkRecords } from '../../src/db/apkindex.js';
import { dbStats, openDb } from '../../src/db/database.js';
import { importIndexFile } from '../../src/db/import-file.js';
import { INDEXES, needShared } from '../support.js';
import { freshDb, rootfsFiles } from './fixtures.js';
import { tarWith } from '../tar.js';

// Package counts from ../shared/alpine/indexes/SOURCES.md.
const REAL = [
  ['APKINDEX-v3.22-main-x86_64.tar.gz', 5646, '6165ee59'],
  ['APKINDEX-v3.21-main-x86_64.tar.gz', 5541, '6165ee59'],
  ['APKINDEX-v3.20-main-x86_64.tar.gz', 5522, '6165ee59'],
  ['APKINDEX-v3.19-main-x86_64.tar.gz', 5436, '6165ee59'],
  ['APKINDEX-v3.18-community-x86_64.tar.gz', 14929, '6165ee59'],
  ['APKINDEX-v3.17-main-aarch64.tar.gz', 5004, '616ae350'],
] as const;

const ok = needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz', 'alpine/alpine-minirootfs-3.20.3-aarch64.tar.gz');

describe.skipIf(!ok)('real signed APKINDEX files', () => {
  let keys: string;
  beforeAll(() => {
    // The two minirootfs tarballs hold the keys of both architectures.
    const x86 = rootfsFiles('x86_64');
    const arm = rootfsFiles('aarch64');
    keys = mkdtempSync(join(tmpdir(), 'migrate-keys-'));
    for (const dir of [x86.keysDir, arm.keysDir]) {
      for (const f of require('node:fs').readdirSync(dir) as string[]) require('node:fs').copyFileSync(join(dir, f), join(keys, f));
    }
  });

  it.each(REAL)('%s verifies and holds %i packages', (file, count, key) => {
    const idx = loadApkIndex(readFileSync(join(INDEXES, file)), { keysDir: keys, allowUntrusted: false });
    expect(idx.records).toHaveLength(count);
    expect(idx.signedBy).toBe(`alpine-devel@lists.alpinelinux.org-${key}.rsa.pub`);
    expect(idx.description).toMatch(/^v3\.\d+\.\d+-\d+-g[0-9a-f]+$/);
  });

  it('reads names, origins and so:/cmd:/pc: provides', () => {
    const idx = loadApkIndex(readFileSync(join(INDEXES, 'APKINDEX-v3.20-main-x86_64.tar.gz')), { keysDir: keys, allowUntrusted: false });
    const ssl = idx.records.find((r) => r.name === 'libssl3')!;
    expect(ssl.origin).toBe('openssl');
    expect(ssl.provides).toContain('so:libssl.so.3');
    expect(idx.records.find((r) => r.name === 'curl')!.provides).toContain('cmd:curl');
    expect(idx.records.find((r) => r.name === 'zlib-dev')!.provides).toContain('pc:zlib');
  });

  describe('a bad index is refused and the database stays as it was', () => {
    const good = () => readFileSync(join(INDEXES, 'APKINDEX-v3.20-main-x86_64.tar.gz'));
    const cases: [string, () => Buffer, RegExp][] = [
      [
        'tampered content',
        () => {
          const buf = Buffer.from(good());
          const [sig] = gzipMembers(buf);
          // Re-compress the content member with one package renamed: valid gzip, wrong signature.
          const content = gzipMembers(buf)[1]!.data.toString('latin1').replace('P:musl\n', 'P:mus1\n');
          return Buffer.concat([sig!.raw, gzipSync(Buffer.from(content, 'latin1'))]);
        },
        /bad signature/,
      ],
      ['truncated', () => good().subarray(0, Math.floor(good().length * 0.6)), /truncated|corrupt/],
      ['unsigned', () => gzipMembers(good())[1]!.raw, /not signed/],
      ['not gzip', () => Buffer.from('P:foo\nV:1\n'), /not gzip data/],
      ['flipped byte in the compressed stream', () => {
        const buf = Buffer.from(good());
        buf[buf.length - 5000]! ^= 0xff;
        return buf;
      }, /corrupt|bad signature|truncated/],
    ];
    it.each(cases)('%s', async (_name, make, message) => {
      const path = freshDb();
      const db = openDb(path);
      await importIndexFile(db, join(INDEXES, 'APKINDEX-v3.19-main-x86_64.tar.gz'), { keysDir: keys, allowUntrusted: false });
      const before = dbStats(db);
      const bad = join(mkdtempSync(join(tmpdir(), 'migrate-bad-')), 'APKINDEX.tar.gz');
      require('node:fs').writeFileSync(bad, make());
      await expect(importIndexFile(db, bad, { keysDir: keys, allowUntrusted: false })).rejects.toThrow(message);
      expect(dbStats(db)).toEqual(before);
      db.close();
    });

    it('an unknown signing key is refused unless --allow-untrusted', () => {
      const empty = mkdtempSync(join(tmpdir(), 'migrate-nokeys-'));
      expect(() => loadApkIndex(good(), { keysDir: empty, allowUntrusted: false })).toThrow(IndexError);
      expect(loadApkIndex(good(), { keysDir: empty, allowUntrusted: true }).signedBy).toBeNull();
    });

    it('never lets an index choose the file that verifies it (a key name that is a path)', () => {
      // An index signed with a key of our own, whose public half sits outside the trusted directory.
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const outside = mkdtempSync(join(tmpdir(), 'migrate-evil-'));
      writeFileSync(join(outside, 'evil.rsa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
      const content = gzipMembers(good())[1]!.raw;
      const name = `.SIGN.RSA.${relative(keys, join(outside, 'evil.rsa.pub'))}`;
      expect(name).toContain('../');
      const signature = createSign('sha1').update(content).sign(privateKey);
      const forged = Buffer.concat([gzipSync(tarWith(name, signature).subarray(0, -1024)), content]);
      expect(() => loadApkIndex(forged, { keysDir: keys, allowUntrusted: false })).toThrow(/not a key file name/);
    });

    it('a gzip of plain apk records (no tar, no signature) is not taken for an installed database', async () => {
      const db = openDb(freshDb());
      const bad = join(mkdtempSync(join(tmpdir(), 'migrate-bad-')), 'installed.gz');
      writeFileSync(bad, gzipSync(Buffer.from('P:evil\nV:1-r0\nA:x86_64\n\n')));
      await expect(importIndexFile(db, bad, { keysDir: keys, allowUntrusted: false })).rejects.toThrow(/no tar and no signature/);
      expect((await importIndexFile(db, bad, { keysDir: keys, allowUntrusted: true })).kind).toBe('installed');
      db.close();
    });

    it('a decompression bomb is stopped by the size limit', () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
      expect(() => gzipMembers(bomb, 16 * 1024 * 1024)).toThrow(/inflates to more than/);
    });
  });

  it('imports the real installed database of the minirootfs', async () => {
    const { installed } = rootfsFiles('x86_64');
    const text = readFileSync(installed, 'utf8');
    const expected = text.split('\n').filter((l) => l.startsWith('P:')).length;
    expect(parseApkRecords(text)).toHaveLength(expected);
    const db = openDb(freshDb({ catalogues: false }));
    const r = await importIndexFile(db, installed, { keysDir: '/nonexistent', allowUntrusted: false });
    expect(r).toMatchObject({ kind: 'installed', records: expected });
    expect(dbStats(db).alpinePackages).toBe(expected);
    db.close();
  });
});
