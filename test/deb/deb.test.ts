/**
 * .deb files built with the real dpkg-deb (gzip, xz and zstd members), and broken ones: truncated,
 * with names escaping the root, and a decompression bomb. Each broken one gives a finding; the scan
 * goes on, and nothing is written anywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataInflateLimit, DEB_DATA_CAP, debInflateLimit, readDeb, safePath } from '../../src/deb/read.js';
import { scan } from '../../src/scan/scanner.js';
import { hasTool, need } from '../support.js';
import { arWith as ar, tarWith } from '../tar.js';

const ok = need('dpkg-deb', hasTool('dpkg-deb'));


const control = gzipSync(tarWith('./control', Buffer.from('Package: evil\nVersion: 1\nArchitecture: amd64\nDescription: x\n')));

describe('payload paths', () => {
  it.each([
    ['./usr/bin/x', '/usr/bin/x'],
    ['usr/lib/../bin/y', '/usr/bin/y'],
    ['./../../etc/passwd', null],
    ['/etc/passwd', null],
    ['a/../../b', null],
  ])('%s -> %s', (name, path) => expect(safePath(name)).toBe(path));
});

describe.skipIf(!ok)('real .deb files', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'migrate-debs-'));
    const pkg = join(repo, 'build', 'pkg');
    mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
    mkdirSync(join(pkg, 'usr', 'bin'), { recursive: true });
    copyFileSync('/usr/bin/true', join(pkg, 'usr', 'bin', 'true'));
    writeFileSync(join(pkg, 'DEBIAN', 'control'), 'Package: demo\nVersion: 1.0-1\nArchitecture: amd64\nMaintainer: t <t@example.com>\nDepends: libc6 (>= 2.34), libssl3 | libssl1.1\nProvides: demo-tool\nDescription: demo\n');
    writeFileSync(join(pkg, 'DEBIAN', 'postinst'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(pkg, 'DEBIAN', 'postinst'), 0o755);
    mkdirSync(join(repo, 'debs'));
    for (const z of ['gzip', 'xz', 'zstd']) execFileSync('dpkg-deb', [`-Z${z}`, '--root-owner-group', '--build', pkg, join(repo, 'debs', `demo-${z}.deb`)], { stdio: 'ignore' });
    const good = readFileSync(join(repo, 'debs', 'demo-gzip.deb'));
    writeFileSync(join(repo, 'debs', 'truncated.deb'), good.subarray(0, Math.floor(good.length / 2)));
    writeFileSync(join(repo, 'debs', 'escape.deb'), ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', control], ['data.tar.gz', gzipSync(tarWith('./../../etc/passwd', Buffer.from('root::0:0::/:/bin/sh\n')))]]));
    writeFileSync(join(repo, 'debs', 'hardlink.deb'), ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', control], ['data.tar.gz', gzipSync(tarWith('./etc/x', Buffer.alloc(0), '1', '../../etc/shadow'))]]));
    writeFileSync(join(repo, 'debs', 'noname.deb'), ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', gzipSync(tarWith('./control', Buffer.from('Version: 1\nPackage: ../../x\n')))], ['data.tar.gz', gzipSync(tarWith('./a', Buffer.from('a')))]]));
    // 64 MiB of zeros compress to ~64 KiB: past the 64 MiB inflate limit once doubled.
    writeFileSync(join(repo, 'debs', 'bomb.deb'), ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', control], ['data.tar.gz', gzipSync(tarWith('./big', Buffer.alloc(80 * 1024 * 1024)), { level: 9 })]]));
    const elf = Buffer.from(readFileSync('/usr/bin/true'));
    writeFileSync(join(repo, 'corrupt.so'), elf.subarray(0, 100));
    execFileSync('rm', ['-rf', join(repo, 'build')]);
  }, 120_000);

  it.each(['gzip', 'xz', 'zstd'])('reads the control fields and payload of a %s package', async (z) => {
    const d = await readDeb(readFileSync(join(repo, 'debs', `demo-${z}.deb`)), { inflateLimit: 1 << 28 });
    expect(d).toMatchObject({ name: 'demo', version: '1.0-1', arch: 'amd64', depends: ['libc6', 'libssl3'], provides: ['demo-tool'], scripts: ['postinst'], problems: [] });
    expect(d.files.map((f) => f.path)).toContain('/usr/bin/true');
    expect(d.elfs.map((e) => [e.path, e.info.machine, e.info.needed.includes('libc.so.6')])).toEqual([['/usr/bin/true', 'x86_64', true]]);
  });

  it('turns every broken input into a finding and scans the rest', async () => {
    const before = execFileSync('find', [repo, '-printf', '%p %s\\n'], { encoding: 'utf8' });
    const r = await scan(repo);
    expect(execFileSync('find', [repo, '-printf', '%p %s\\n'], { encoding: 'utf8' })).toBe(before);
    const by = (rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => f.file).sort();
    expect(by('deb/corrupt-archive')).toEqual(['debs/noname.deb', 'debs/truncated.deb']);
    expect(by('deb/unsafe-path')).toEqual(['debs/escape.deb', 'debs/hardlink.deb']);
    expect(by('deb/decompression-bomb')).toEqual(['debs/bomb.deb']);
    expect(by('elf/corrupt')).toEqual(['corrupt.so']);
    expect(by('deb/package')).toEqual(['debs/bomb.deb', 'debs/demo-gzip.deb', 'debs/demo-xz.deb', 'debs/demo-zstd.deb', 'debs/escape.deb', 'debs/hardlink.deb']); // noname.deb has no valid name to report
    expect(by('deb/maintainer-scripts')).toEqual(['debs/demo-gzip.deb', 'debs/demo-xz.deb', 'debs/demo-zstd.deb']);
    expect(r.blobs.filter((b) => b.kind === 'elf').map((b) => b.path)).toEqual(['debs/demo-gzip.deb:/usr/bin/true', 'debs/demo-xz.deb:/usr/bin/true', 'debs/demo-zstd.deb:/usr/bin/true']);
    expect(by('elf/no-musl-table')).toHaveLength(1);
  });
});

describe('the data.tar limit follows Installed-Size', () => {
  const control = (size: string) => gzipSync(tarWith('./control', Buffer.from(`Package: big\nVersion: 1\nArchitecture: amd64\nInstalled-Size: ${size}\nDescription: x\n`)));
  // 80 MiB of zeros compress to ~80 KiB: a 1000x ratio, past the size-based limit (64 MiB).
  const payload = gzipSync(tarWith('./usr/lib/big.so', Buffer.alloc(80 * 1024 * 1024)), { level: 9 });
  const deb = (size: string) => ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', control(size)], ['data.tar.gz', payload]]);

  it('reads a package that inflates as far as it says (libllvm14: 21.8 MB, Installed-Size 110 MB)', async () => {
    const bytes = deb(String(80 * 1024 + 16));
    const d = await readDeb(bytes, { inflateLimit: debInflateLimit(bytes) });
    expect([d.problems, d.files.map((f) => f.path)]).toEqual([[], ['/usr/lib/big.so']]);
  });

  it('stops one that inflates beyond what it says, and bounds what any package may claim', async () => {
    const bytes = deb('1');
    const d = await readDeb(bytes, { inflateLimit: debInflateLimit(bytes) });
    expect(d.problems.map((p) => p.kind)).toEqual(['bomb']);
    expect([dataInflateLimit('99999999', 1 << 26), dataInflateLimit(undefined, 1 << 26), dataInflateLimit('12x', 1 << 26)]).toEqual([DEB_DATA_CAP, 1 << 26, 1 << 26]);
  });
});

describe('an APKBUILD from hostile control fields', () => {
  it('keeps every repository text on its comment line: sourcing the APKBUILD runs nothing it carries', async () => {
    const { main } = await import('../../src/cli/main.js');
    const repo = mkdtempSync(join(tmpdir(), 'migrate-apk-hostile-'));
    const mark = join(repo, 'PWNED');
    // `touch PWNED` runs in the repository (the cwd below) if any of it escapes its comment.
    const fields = 'Package: vendor\nVersion: 1~x\n touch PWNED\nArchitecture: sparc\n touch PWNED\nDescription: d\n';
    const deb = ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', gzipSync(tarWith('./control', Buffer.from(fields)))], ['data.tar.gz', gzipSync(tarWith('./a', Buffer.from('a')))]]);
    // The path reaches the APKBUILD's comments too: a directory whose name holds line breaks.
    mkdirSync(join(repo, 'd\ntouch PWNED\n'));
    writeFileSync(join(repo, 'd\ntouch PWNED\n', 'vendor.deb'), deb);
    const code = await main(['apkbuild', repo, '--db', 'dist/default.db', '--out', join(repo, 'out')], { stdout: () => {}, stderr: () => {}, stderrIsTty: false, color: false });
    expect(code).toBe(0);
    const found = execFileSync('find', [join(repo, 'out'), '-name', 'APKBUILD', '-print0'], { encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(found).toHaveLength(1);
    const text = found.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text.split('\n').filter((l) => l.includes('touch'))).toEqual(text.split('\n').filter((l) => l.includes('touch') && l.startsWith('#')));
    for (const f of found) spawnSync('sh', ['-c', '. "$0"', f], { cwd: repo });
    expect(existsSync(mark)).toBe(false);
  });
});

describe('APKBUILD versions', () => {
  it.each([
    ['1.0-1', '1.0', 1, false],
    ['2:1.2.3-0ubuntu4', '1.2.3', 0, false],
    ['66.1-2ubuntu2.1', '66.1', 2, false],
    ['1.1.1f-1ubuntu2.22', '1.1.1f', 1, false],
    ['0.11~beta-4', '0.11', 4, true],
    [null, '0', 0, true],
  ])('%s -> %s-r%i', async (debian, pkgver, pkgrel, noted) => {
    const { alpineVersion } = await import('../../src/generate/apkbuild.js');
    const v = alpineVersion(debian);
    expect([v.pkgver, v.pkgrel, v.note !== null]).toEqual([pkgver, pkgrel, noted]);
  });
});

describe.skipIf(!ok || !need('shellcheck', hasTool('shellcheck')))('migrate apkbuild', () => {
  it('writes one APKBUILD per package that shellcheck accepts, with the real checksum and mapped depends', async () => {
    const { main } = await import('../../src/cli/main.js');
    const repo = mkdtempSync(join(tmpdir(), 'migrate-apk-'));
    const pkg = join(repo, 'pkg');
    mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
    mkdirSync(join(pkg, 'usr', 'bin'), { recursive: true });
    copyFileSync('/usr/bin/true', join(pkg, 'usr', 'bin', 'true'));
    writeFileSync(join(pkg, 'DEBIAN', 'control'), 'Package: vendor-tool\nVersion: 3.2-1\nArchitecture: arm64\nMaintainer: t <t@example.com>\nDepends: libc6, libssl3t64, zlib1g, xyzzy-nonexistent\nDescription: demo\n');
    mkdirSync(join(repo, 'debs'));
    execFileSync('dpkg-deb', ['-Zzstd', '--root-owner-group', '--build', pkg, join(repo, 'debs', 'vendor-tool_3.2-1_arm64.deb')], { stdio: 'ignore' });
    execFileSync('rm', ['-rf', pkg]);
    let out = '';
    const code = await main(['apkbuild', repo, '--db', 'dist/default.db', '--arch', 'aarch64'], { stdout: (t) => (out += t), stderr: () => {}, stderrIsTty: false, color: false });
    expect(code).toBe(0);
    expect(out).toMatch(/created\s+debs\/apk\/vendor-tool\/APKBUILD/);
    const apkbuild = join(repo, 'debs', 'apk', 'vendor-tool', 'APKBUILD');
    const text = readFileSync(apkbuild, 'utf8');
    expect(text).toMatch(/^pkgname=vendor-tool$/m);
    expect(text).toMatch(/^pkgver=3\.2$/m);
    expect(text).toMatch(/^arch="aarch64"$/m);
    expect(text).toMatch(/^depends="libcrypto3 libssl3 zlib"$/m);
    expect(text).toMatch(/NOTE: Depends xyzzy-nonexistent: no Alpine answer \(xyzzy-nonexistent is in neither Debian 12 nor v3\.22\/main/);
    const sha = execFileSync('sha512sum', [join(repo, 'debs', 'vendor-tool_3.2-1_arm64.deb')], { encoding: 'utf8' }).split(' ')[0];
    expect(text).toContain(`${sha}  vendor-tool_3.2-1_arm64.deb`);
    const sc = spawnSync('shellcheck', ['-s', 'sh', apkbuild], { encoding: 'utf8' });
    expect(sc.stdout).toBe('');
    expect(sc.status).toBe(0);
  });
});
