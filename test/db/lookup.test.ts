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

describe('lookup without any Alpine catalogue (curated tables only)', () => {
  let map: PackageMap;
  beforeAll(() => {
    map = new PackageMap(openDb(freshDb({ catalogues: false }), { readonly: true }));
  });

  it.each([
    ['build-essential', ['build-base'], 'renamed', 'high', 'curated'],
    ['libssl3t64', ['libcrypto3', 'libssl3'], 'split', 'high', 'curated'],
    ['ubuntu-minimal', [], 'dropped', 'high', 'curated'],
    ['python2', [], 'none', 'high', 'curated'],
    ['python3-mako', ['py3-mako'], 'renamed', 'low', 'naming-rule'],
    ['openjdk-21-jdk', ['openjdk21-jdk'], 'renamed', 'low', 'naming-rule'],
    ['libfoo7', ['so:libfoo.so.7'], 'renamed', 'low', 'naming-rule'],
    ['xyzzy-frobnicate', ['xyzzy-frobnicate'], 'same', 'low', 'naming-rule'],
  ])('%s -> %j (%s, %s, %s)', (name, alpine, kind, confidence, provenance) => {
    expect(map.lookup(name)).toMatchObject({ debian: name, alpine, kind, confidence, provenance });
  });

  it('never calls a guess mapped: every answer not from the curated table is unverified, and so are curated names', () => {
    for (const n of ['python3-foo', 'libbar2', 'libbaz-dev', 'qux-utils', 'fonts-quux', 'foo-does-not-exist']) {
      expect(map.lookup(n)).toMatchObject({ confidence: 'low', status: 'unverified', verified: null });
    }
    expect(map.lookup('build-essential').status).toBe('unverified');
    expect(map.lookup('apt').status).toBe('dropped'); // nothing to check for a dropped package
  });

  it('marks a foreign architecture as multiarch, keeping the package answer', () => {
    expect(map.lookup('libc6:armhf')).toMatchObject({ debian: 'libc6', arch: 'armhf', status: 'multiarch', alpine: ['musl'] });
    expect(map.lookup('libc6', 'all').status).not.toBe('multiarch');
  });

  it('knows every package named in the migration plan', () => {
    const plan = ['build-essential', 'network-manager', 'iptables-persistent', 'locales', 'python2', 'libjson-c2', 'ubuntu-minimal', 'ubuntu-server', 'landscape-common', 'apport-retrace', 'libglib2.0-0t64', 'libssl3t64', 'python3', 'python3-pip', 'ccache', 'clang', 'openssl', 'cmake', 'ninja-build', 'qemu-user-static', 'modemmanager', 'qtwayland5', 'rsyslog', 'systemd', 'dpkg', 'apt', 'debconf'];
    const unknown = plan.filter((p) => map.lookup(p).provenance !== 'curated');
    expect(unknown).toEqual([]);
  });
});

describe('lookup on a fresh install: the embedded catalogues answer', () => {
  let db: Db;
  let map: PackageMap;
  beforeAll(() => {
    db = openDb(freshDb(), { readonly: true });
    map = new PackageMap(db, { release: '3.22', arch: 'x86_64' });
  });

  it('checks against v3.22 main and the older v3.18 community, and says it has a gap', () => {
    expect(map.chosen.sources.map((s) => [s.kind, s.label])).toEqual([['snapshot', 'v3.22/main/x86_64'], ['snapshot', 'v3.18/community/x86_64']]);
    expect(map.chosen.gaps).toHaveLength(1);
    expect(map.chosen.gaps[0]).toMatch(/^community:/);
  });

  // Unseen but real packages: none has a curated row; each answer is a name the catalogue has.
  it.each([
    ['libzimg2', ['zimg'], 'ships', { evidence: ['so:libzimg.so.2'] }],
    ['libsrt1.5-openssl', ['libsrt'], 'ships', { evidence: ['so:libsrt.so.1.5'] }],
    ['libopenjp2-7', ['openjpeg'], 'ships', { evidence: ['so:libopenjp2.so.7'] }],
    ['libicu74', ['icu-libs'], 'source-package', { via: 'libicu72' }],
    ['libapr1-dev', ['apr-dev'], 'ships', { evidence: ['cmd:apr-1-config', 'pc:apr-1'] }],
    ['python3-paramiko', ['py3-paramiko'], 'naming-rule', { rule: 'python3-module' }],
    ['python-yaml', ['py3-yaml'], 'naming-rule', { via: 'python3-yaml', rule: 'python3-module' }],
    ['clang-15', ['clang15'], 'ships', { evidence: ['cmd:clang++-15', 'cmd:clang-15'] }],
  ])('%s -> %j from %s', (name, alpine, provenance, data) => {
    expect(db.prepare('SELECT 1 FROM mappings WHERE debian = ?').get(name)).toBeUndefined();
    const a = map.lookup(name);
    expect(a).toMatchObject({ alpine, provenance, verified: true, ...data });
    expect(a.confidence).not.toBe('high');
    for (const n of a.alpine) expect(map.inCatalogue(n)).toBe(true);
  });

  it('answers a made-up name unknown, never mapped', () => {
    expect(map.lookup('foo-does-not-exist')).toMatchObject({ alpine: [], kind: 'unknown', status: 'unknown', confidence: 'low', verified: false });
  });

  it('keeps the version of a versioned family, and names the versions the release has instead', () => {
    const a = map.lookup('php8.3-curl');
    expect(a).toMatchObject({ kind: 'unknown', alpine: [] });
    expect(a.otherVersions).toEqual(expect.arrayContaining(['php82-curl']));
    expect(a.via).toBeUndefined(); // never Debian 12's php8.2-curl
    expect(map.lookup('openjdk-17-jdk').alpine).toEqual(['openjdk17-jdk']);
  });

  it('marks a name found only in a catalogue older than the target, at most medium', () => {
    const a = map.lookup('php8.1-curl');
    expect(a).toMatchObject({ alpine: ['php81-curl'], confidence: 'medium', olderOnly: { names: ['php81-curl'], catalogues: ['v3.18/community/x86_64'] } });
    expect(map.lookup('bash').olderOnly).toBeUndefined(); // in v3.22 main
  });

  it('picks the catalogue of the target release and architecture', () => {
    const main = (release: string, arch: string) => new PackageMap(db, { release, arch }).chosen.sources.find((s) => s.branch === 'main')!.label;
    expect(main('3.20', 'x86_64')).toBe('v3.20/main/x86_64');
    expect(main('3.17', 'aarch64')).toBe('v3.17/main/aarch64');
    expect(main('3.24', 'aarch64')).toBe('v3.22/main/x86_64'); // the closest release first, then the architecture
    expect(main('edge', 'x86_64')).toBe('v3.22/main/x86_64');
    // 3.24 aarch64: main and community are both older, and both of another architecture.
    expect(new PackageMap(db, { release: '3.24', arch: 'aarch64' }).chosen.gaps).toHaveLength(3);
  });

  it('labelled set: no wrong answer at high confidence, none naming a package the catalogue lacks', () => {
    const s = score(map, readLabelled('test/fixtures/mapping/labelled.tsv'), (n) => map.inCatalogue(n));
    expect(s.total).toBeGreaterThanOrEqual(300);
    expect(s.certainWrong.map((w) => `${w.pair.debian}: want ${w.pair.alpine}, got ${w.answer.alpine.join(' ')}`)).toEqual([]);
    expect(s.absent.filter((a) => a.answer.confidence !== 'low').map((a) => `${a.pair.debian}: ${a.names.join(' ')}`)).toEqual([]);
    expect(s.correct / s.total).toBeGreaterThan(0.95);
  });

  it('every curated Alpine name exists in some embedded Alpine catalogue', () => {
    const has = db.prepare('SELECT 1 FROM alpine_packages WHERE name = ? UNION SELECT 1 FROM alpine_provides WHERE capability = ? LIMIT 1');
    const missing = readCuratedMappings()
      .flatMap((m) => m.alpine.map((n) => ({ m, n })))
      .filter(({ n }) => !has.get(n, n))
      .map(({ m, n }) => `${m.debian} -> ${n} (mappings/packages.tsv:${m.line})`);
    expect(missing).toEqual([]);
  });
});

const shared = needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz');

describe.skipIf(!shared)('lookup against indexes the user imported', () => {
  let map: PackageMap;
  beforeAll(async () => {
    const db = openDb(freshDb());
    const { keysDir } = rootfsFiles('x86_64');
    for (const f of ['APKINDEX-v3.20-main-x86_64.tar.gz', 'APKINDEX-v3.18-community-x86_64.tar.gz']) {
      await importIndexFile(db, join(INDEXES, f), { keysDir, allowUntrusted: false });
    }
    map = new PackageMap(db, { release: '3.22', arch: 'x86_64' });
  });

  it('prefers the imports over the embedded snapshot of the same branch', () => {
    expect(map.chosen.sources.map((s) => [s.kind, s.label, s.release, s.branch])).toEqual([
      ['apkindex', 'APKINDEX-v3.18-community-x86_64.tar.gz', '3.18', 'community'],
      ['apkindex', 'APKINDEX-v3.20-main-x86_64.tar.gz', '3.20', 'main'],
    ]);
  });

  it.each([
    ['libusb-1.0-0', ['libusb'], 'ships'],
    ['libpcre2-dev', ['pcre2-dev'], 'curated'],
    ['bind9-host', ['bind-tools'], 'ships'],
  ])('%s -> %j by %s', (name, alpine, provenance) => {
    expect(map.lookup(name)).toMatchObject({ alpine, provenance, verified: true });
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
