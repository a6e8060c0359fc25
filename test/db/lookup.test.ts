import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLabelled, score } from '../../src/db/accuracy.js';
import { readCuratedMappings } from '../../src/db/curated.js';
import { openDb, type Db } from '../../src/db/database.js';
import { importIndexFile } from '../../src/db/import-file.js';
import { PackageMap } from '../../src/db/lookup.js';
import { INDEXES, needShared } from '../support.js';
import { freshDb, rootfsFiles } from './fixtures.js';

describe('lookup without an Alpine index (the built-in database)', () => {
  let map: PackageMap;
  beforeAll(() => {
    map = new PackageMap(openDb(freshDb(), { readonly: true }));
  });

  it.each([
    ['build-essential', ['build-base'], 'renamed', 'high', 'curated'],
    ['libssl3t64', ['libssl3'], 'renamed', 'high', 'curated'],
    ['ubuntu-minimal', [], 'dropped', 'high', 'curated'],
    ['python2', [], 'none', 'high', 'curated'],
    ['python3-mako', ['py3-mako'], 'renamed', 'low', 'naming-rule'],
    ['openjdk-21-jdk', ['openjdk21-jdk'], 'renamed', 'low', 'naming-rule'],
    ['libfoo7', ['so:libfoo.so.7'], 'renamed', 'low', 'naming-rule'],
    ['xyzzy-frobnicate', ['xyzzy-frobnicate'], 'same', 'low', 'naming-rule'],
  ])('%s -> %j (%s, %s, %s)', (name, alpine, kind, confidence, provenance) => {
    expect(map.lookup(name)).toMatchObject({ debian: name, alpine, kind, confidence, provenance });
  });

  it('answers a t64 name through its base name, saying so', () => {
    const a = map.lookup('libzip4t64');
    expect(a.reason).toMatch(/t64/);
    expect(a.alpine).toEqual(map.lookup('libzip4').alpine);
    expect(a.alpine).toEqual(['so:libzip.so.4']);
  });

  it('marks a foreign architecture as multiarch, keeping the package answer', () => {
    expect(map.lookup('libc6:armhf')).toMatchObject({ debian: 'libc6', arch: 'armhf', status: 'multiarch', alpine: ['musl'] });
    expect(map.lookup('libc6', 'all').status).not.toBe('multiarch');
  });

  it('never answers high confidence from a rule', () => {
    for (const n of ['python3-foo', 'libbar2', 'libbaz-dev', 'qux-utils', 'fonts-quux', 'bind9-host']) expect(map.lookup(n).confidence).toBe('low');
  });

  it('knows every package named in the migration plan', () => {
    const plan = ['build-essential', 'network-manager', 'iptables-persistent', 'locales', 'python2', 'libjson-c2', 'ubuntu-minimal', 'ubuntu-server', 'landscape-common', 'apport-retrace', 'libglib2.0-0t64', 'libssl3t64', 'python3', 'python3-pip', 'ccache', 'clang', 'openssl', 'cmake', 'ninja-build', 'qemu-user-static', 'modemmanager', 'qtwayland5', 'rsyslog', 'systemd', 'dpkg', 'apt', 'debconf'];
    const unknown = plan.filter((p) => map.lookup(p).provenance !== 'curated');
    expect(unknown).toEqual([]);
  });
});

const shared = needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz');

describe.skipIf(!shared)('lookup checked against real Alpine indexes', () => {
  let db: Db;
  let map: PackageMap;
  beforeAll(async () => {
    db = openDb(freshDb());
    const { keysDir } = rootfsFiles('x86_64');
    // v3.22 and v3.20 main with v3.18 community: the releases the curated entries are written for.
    for (const f of ['APKINDEX-v3.22-main-x86_64.tar.gz', 'APKINDEX-v3.20-main-x86_64.tar.gz', 'APKINDEX-v3.18-community-x86_64.tar.gz']) {
      await importIndexFile(db, join(INDEXES, f), { keysDir, allowUntrusted: false });
    }
    map = new PackageMap(db);
  });

  it.each([
    ['python3-mako', ['py3-mako'], 'naming-rule', 'python3-module'],
    ['libusb-1.0-0', ['libusb'], 'naming-rule', 'lib-runtime-dotted'],
    ['libpcre2-dev', ['pcre2-dev'], 'curated', undefined],
    ['curl', ['curl'], 'curated', undefined],
    ['bind9-host', ['bind-tools'], 'provides-match', undefined],
  ])('%s -> %j by %s', (name, alpine, provenance, rule) => {
    const a = map.lookup(name);
    expect(a).toMatchObject({ alpine, provenance, verified: true });
    expect(a.rule ?? undefined).toBe(rule);
  });

  it('every curated Alpine name exists in the real indexes', () => {
    const missing = readCuratedMappings()
      .flatMap((m) => m.alpine.map((n) => ({ m, n })))
      .filter(({ m }) => map.lookup(m.debian).verified !== true)
      .map(({ m, n }) => `${m.debian} -> ${n} (mappings/packages.tsv:${m.line})`);
    expect(missing).toEqual([]);
  });

  it('labelled accuracy set: no wrong answer is marked certain', () => {
    const s = score(map, readLabelled('test/fixtures/mapping/labelled.tsv'));
    expect(s.total).toBeGreaterThanOrEqual(300);
    expect(s.certainWrong.map((w) => `${w.pair.debian}: want ${w.pair.alpine}, got ${w.answer.alpine.join(' ')}`)).toEqual([]);
  });

  it('reports unknown honestly for a name nothing knows', () => {
    expect(map.lookup('xyzzy-frobnicate')).toMatchObject({ alpine: [], kind: 'unknown', status: 'unknown', confidence: 'low', verified: false });
  });
});

describe('curated file format', () => {
  it('has at least 800 entries, each with a note', () => {
    const m = readCuratedMappings();
    expect(m.length).toBeGreaterThanOrEqual(800);
    expect(m.every((x) => x.note.length > 3)).toBe(true);
  });

  it('is sorted, so reviews and merges stay readable', () => {
    const names = readFileSync('mappings/packages.tsv', 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t')[0]!);
    expect(names).toEqual([...names].sort());
  });
});
