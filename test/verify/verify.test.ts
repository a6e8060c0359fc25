/**
 * migrate verify against the real Alpine 3.20.3 minirootfs: the example's generated build runs
 * with no failing step and its service installed and enabled; a broken sibling fails at its line;
 * the build migrate generated before wiring (Ubuntu scripts run, nothing enabled) fails.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { openDb } from '../../src/db/database.js';
import { importIndexFile } from '../../src/db/import-file.js';
import { resolveInRoot } from '../../src/verify/chroot.js';
import { verifyFindings } from '../../src/verify/findings.js';
import { ALPINE, INDEXES, hasTool, need, needShared } from '../support.js';
import { freshDb, rootfsFiles } from '../db/fixtures.js';

/**
 * The CLI as a user runs it, in a child process: a verify run blocks on its chroots for seconds,
 * and in this worker that would starve the test runner's messages (vitest's onTaskUpdate timeout).
 */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['bin/migrate.js', ...argv], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('resolveInRoot', () => {
  it('follows links inside the root and never out of it', () => {
    const root = mkdtempSync(join(tmpdir(), 'migrate-root-'));
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    symlinkSync('/usr/lib', join(root, 'lib'));
    symlinkSync('/etc', join(root, 'escape'));
    symlinkSync('../../../../../../tmp', join(root, 'up'));
    expect(resolveInRoot(root, '/lib/x.so')).toBe(join(root, 'usr/lib/x.so'));
    expect(resolveInRoot(root, '/escape/passwd')).toBe(join(root, 'etc/passwd'));
    expect(resolveInRoot(root, '/up/x')).toBe(join(root, 'tmp/x'));
    expect(resolveInRoot(root, '/lib', false)).toBe(join(root, 'lib'));
  });
});

const TARBALL = join(ALPINE, 'alpine-minirootfs-3.20.3-x86_64.tar.gz');
const canRun = need('an x86_64 machine (the tests run the x86_64 minirootfs)', process.arch === 'x64') && needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz') && need('unshare and chroot', hasTool('unshare') && hasTool('chroot')) && need('bash-static (apt-get install bash-static)', hasTool('bash-static'));

describe.skipIf(!canRun)('migrate verify on the example', () => {
  let db: string;
  let repo: string;
  beforeAll(async () => {
    db = freshDb();
    const d = openDb(db);
    const { keysDir } = rootfsFiles('x86_64');
    for (const f of ['APKINDEX-v3.20-main-x86_64.tar.gz', 'APKINDEX-v3.18-community-x86_64.tar.gz']) await importIndexFile(d, join(INDEXES, f), { keysDir, allowUntrusted: false });
    d.close();
    repo = mkdtempSync(join(tmpdir(), 'migrate-verify-repo-'));
    cpSync('examples/ubuntu-image', repo, { recursive: true });
    expect((await run('generate', repo, '--db', 'dist/default.db')).code).toBe(0);
  }, 120_000);

  it('runs the generated build with no failing step; the service is installed and enabled', async () => {
    const r = await run('verify', repo, '--db', db, '--rootfs', TARBALL, '--json');
    const report = JSON.parse(r.stdout);
    expect(report.dockerfiles).toEqual(['Dockerfile.alpine']);
    expect(report.steps.filter((s: { ok: boolean }) => !s.ok)).toEqual([]);
    expect(report.summary.steps).toBeGreaterThanOrEqual(15);
    expect(report.services).toEqual([{ name: 'app', file: 'alpine/userspace/files/openrc/init.d/app', installed: true, enabled: true, command: '/usr/local/bin/app', commandPresent: false }]);
    // The vendor .deb that ships /usr/local/bin/app is only an LFS pointer: a warning, not a failure.
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['verify/command-missing']);
    expect(r.code).toBe(0);
  }, 120_000);

  /** A copy of the generated repository with `edit` applied to the named files. */
  function variant(edits: Record<string, (text: string) => string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-verify-variant-'));
    cpSync(repo, dir, { recursive: true });
    for (const [file, edit] of Object.entries(edits)) writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    return dir;
  }
  async function verify(dir: string) {
    const r = await run('verify', dir, '--db', db, '--rootfs', TARBALL, '--json');
    const report = JSON.parse(r.stdout);
    return { dir, code: r.code, report, failing: report.steps.filter((s: { ok: boolean }) => !s.ok) as { line: number; keyword: string; error: string }[], rules: (report.findings as { rule: string }[]).map((f) => f.rule).sort() };
  }
  /** A repository of `files` (path -> text; *.sh executable), generated, then its Alpine build verified. */
  async function generateAndVerify(name: string, files: Record<string, string | Buffer>) {
    const dir = mkdtempSync(join(tmpdir(), `migrate-verify-${name}-`));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text, { mode: f.endsWith('.sh') ? 0o755 : 0o644 });
    }
    expect((await run('generate', dir, '--db', 'dist/default.db')).code).toBe(0);
    const r = await run('verify', dir, '--db', db, '--rootfs', TARBALL, '--json');
    const report = JSON.parse(r.stdout);
    return { dir, code: r.code, report, failing: report.steps.filter((x: { ok: boolean }) => !x.ok) };
  }
  const lineOf = (dir: string, text: string) => readFileSync(join(dir, 'Dockerfile.alpine'), 'utf8').split('\n').indexOf(text) + 1;

  it('fails a broken sibling at its Dockerfile line, and an apk name Alpine lacks as apk would', async () => {
    const dir = variant({
      'alpine/userspace/base_setup_alpine.sh': (t) => `${t}useradd -m extra\n`,
      'Dockerfile.alpine': (t) => `${t}RUN apk add --no-cache no-such-package-xyz\n`,
    });
    const v = await verify(dir);
    expect(v.failing.map((s) => [s.line, /useradd: (command )?not found|no-such-package-xyz \(no such package\)/.test(s.error)])).toEqual([
      [lineOf(dir, 'RUN /tmp/userspace/base_setup_alpine.sh'), true],
      [lineOf(dir, 'RUN apk add --no-cache no-such-package-xyz'), true],
    ]);
    expect([v.code, v.rules]).toEqual([1, ['verify/command-missing', 'verify/step-failed', 'verify/step-failed']]);
  }, 120_000);

  it('fails the build generated before wiring: the Ubuntu script runs, the service is not enabled', async () => {
    // What generate wrote before: the Ubuntu original copied and run, no rc-update.
    const v = await verify(variant({ 'Dockerfile.alpine': (t) => t.replace('RUN /tmp/userspace/base_setup_alpine.sh', 'RUN /tmp/userspace/base_setup.sh').replace(/\n && rc-update add app default/, '') }));
    expect(v.failing.map((s) => /(dpkg|apt-get|apt-fast): (command )?not found/.test(s.error))).toEqual([true]);
    expect([v.code, v.rules]).toEqual([1, ['verify/command-missing', 'verify/service-not-enabled', 'verify/step-failed']]);
  }, 120_000);

  it('finds a service not installed and a /bin/sh relinked to bash', async () => {
    const v = await verify(variant({ 'Dockerfile.alpine': (t) => t.replace(/^COPY \S+\/init\.d\/ \/etc\/init\.d\/$/m, 'RUN ln -sf /bin/bash /bin/sh').replace(/\n && rc-update add app default/, '') }));
    expect(v.failing).toEqual([]);
    expect(v.report.services.map((c: { name: string; installed: boolean }) => [c.name, c.installed])).toEqual([['app', false]]);
    expect([v.code, v.rules]).toEqual([1, ['verify/service-not-enabled', 'verify/service-not-installed', 'verify/sh-not-busybox']]);
  }, 120_000);

  it('never copies from outside the build context, even through a linked directory', async () => {
    const dir = variant({ 'Dockerfile.alpine': (t) => `${t}COPY outside/hostname /tmp/\nCOPY ../x /tmp/\n` });
    symlinkSync('/etc', join(dir, 'outside'));
    const v = await verify(dir);
    expect(v.failing.map((s) => [s.keyword, s.line])).toEqual([['COPY', lineOf(dir, 'COPY outside/hostname /tmp/')], ['COPY', lineOf(dir, 'COPY ../x /tmp/')]]);
  }, 120_000);

  it('answers apk from --index files, their signatures checked with the minirootfs keys', async () => {
    const r = await run('verify', repo, '--rootfs', TARBALL, '--json', ...['APKINDEX-v3.20-main-x86_64.tar.gz', 'APKINDEX-v3.18-community-x86_64.tar.gz'].flatMap((f) => ['--index', join(INDEXES, f)]));
    const report = JSON.parse(r.stdout);
    expect([r.code, report.summary.failingSteps, report.catalogue]).toEqual([0, 0, 'APKINDEX-v3.18-community-x86_64.tar.gz, APKINDEX-v3.20-main-x86_64.tar.gz']);
  }, 120_000);

  it('runs a build that copies the whole repository: the parallel tree overlays it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-verify-whole-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM ubuntu:24.04\nCOPY . /src\nRUN /src/setup.sh\n');
    writeFileSync(join(dir, 'setup.sh'), '#!/bin/sh\nset -e\napt-get install -y curl\ncurl --version\n', { mode: 0o755 });
    expect((await run('generate', dir, '--db', 'dist/default.db')).code).toBe(0);
    const r = await run('verify', dir, '--db', db, '--rootfs', TARBALL, '--dockerfile', 'alpine/Dockerfile.alpine', '--json');
    expect([r.code, JSON.parse(r.stdout).steps.map((s: { keyword: string; ok: boolean }) => [s.keyword, s.ok])]).toEqual([0, [['FROM', true], ['COPY', true], ['COPY', true], ['RUN', true]]]);
  }, 120_000);

  it('runs a build that packs what it compiled as .deb files (checkinstall, dpkg-deb) as tarballs, installed in a later stage', async () => {
    const v = await generateAndVerify('debs', {
      Dockerfile: [
        'FROM ubuntu:24.04 AS builder',
        'COPY compile.sh install.sh /tmp/',
        'RUN /tmp/compile.sh',
        'FROM ubuntu:24.04',
        'COPY --from=builder /tmp/hello.deb /tmp/',
        'COPY --from=builder /tmp/tool.deb /tmp/',
        'RUN cd /tmp && apt-get install -y ./hello.deb ./tool.deb',
        'RUN test "$(cat /usr/share/hello/greeting)" = hi && test "$(/usr/bin/tool)" = tool && test ! -e /DEBIAN',
        '',
      ].join('\n'),
      'install.sh': '#!/bin/sh\nmkdir -p "$DESTDIR/usr/share/hello" && echo hi > "$DESTDIR/usr/share/hello/greeting"\n',
      'compile.sh': [
        '#!/bin/sh',
        'set -e',
        'apt-get install -y checkinstall',
        'cd /tmp',
        'checkinstall -y --install=no --pkgname=hello /tmp/install.sh',
        'mv hello*.deb /tmp/hello.deb',
        'mkdir -p /tmp/tool/usr/bin /tmp/tool/DEBIAN',
        "printf '#!/bin/sh\\necho tool\\n' > /tmp/tool/usr/bin/tool && chmod +x /tmp/tool/usr/bin/tool",
        "printf 'Package: tool\\nVersion: 1\\nArchitecture: all\\n' > /tmp/tool/DEBIAN/control",
        'dpkg-deb --build /tmp/tool /tmp/tool.deb',
        '',
      ].join('\n'),
    });
    expect([v.code, v.failing]).toEqual([0, []]);
    expect(v.report.steps.at(-1).evidence).toContain('test ! -e /DEBIAN');
  }, 120_000);

  it('puts down to verify what it cannot give (stubbed commands, a stage that depends on them, the build\'s own output), and still fails the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-verify-unverified-'));
    writeFileSync(join(dir, '.gitignore'), '# outputs\noutput/\n!output/keep\n');
    mkdirSync(join(dir, 'output'));
    writeFileSync(join(dir, 'output/keep'), 'k');
    writeFileSync(join(dir, 'Dockerfile.alpine'), [
      'FROM alpine:3.20 AS src',
      'RUN apk add --no-cache git && git clone https://example.org/srclib.git && cd srclib',
      'FROM alpine:3.20',
      'COPY --from=src /lib/lib.tar.gz /tmp/',
      'RUN tar -xzf /tmp/lib.tar.gz -C /',
      'COPY output/headers/ /usr/include/',
      'COPY output/keep /tmp/',
      'COPY no-such-file /tmp/',
      'RUN cat /no/such/file',
      '',
    ].join('\n'));
    const r = await run('verify', dir, '--db', db, '--rootfs', TARBALL, '--json');
    const report = JSON.parse(r.stdout);
    const judged = report.steps.filter((s: { ok: boolean }) => !s.ok).map((s: { line: number; unverified?: string; after?: number }) => [s.line, s.unverified?.replace(/^(after stubbed `git clone|stage src|lib\.tar\.gz was not copied|output\/headers\/ is the build's own output \(\.gitignore:2 output\/\)).*/, '$1') ?? null, s.after ?? null]);
    expect(judged).toEqual([
      [2, 'after stubbed `git clone', null],
      [4, 'stage src', null],
      [5, 'lib.tar.gz was not copied', null],
      [6, "output/headers/ is the build's own output (.gitignore:2 output/)", null],
      [8, null, 4],
      [9, null, 4],
    ]);
    expect([r.code, report.summary.failingSteps, report.summary.unverifiedSteps]).toEqual([1, 2, 4]);
    expect(report.findings.map((f: { rule: string; line: number }) => [f.rule, f.line])).toEqual([2, 4, 5, 6].map((l) => ['verify/step-unverified', l]).concat([8, 9].map((l) => ['verify/step-failed', l])).sort((a, b) => (a[1] as number) - (b[1] as number)));
  }, 120_000);

  it.skipIf(!need('dpkg-deb (apt-get install dpkg)', hasTool('dpkg-deb')))('puts a missing path down to the unrun rest of an unverified script, or to a disabled .deb install that holds it or cannot be seen, and fails the rest', async () => {
    const pkg = mkdtempSync(join(tmpdir(), 'migrate-verify-realdeb-'));
    mkdirSync(join(pkg, 'DEBIAN'));
    mkdirSync(join(pkg, 'opt/real'), { recursive: true });
    writeFileSync(join(pkg, 'opt/real/file'), 'x\n');
    writeFileSync(join(pkg, 'DEBIAN/control'), 'Package: real\nVersion: 1\nArchitecture: all\nMaintainer: t <t@example.com>\nDescription: d\n');
    const debs = mkdtempSync(join(tmpdir(), 'migrate-verify-debs-'));
    execFileSync('dpkg-deb', ['--root-owner-group', '--build', pkg, join(debs, 'real.deb')], { stdio: 'ignore' });
    const v = await generateAndVerify('leads', {
      Dockerfile: [
        'FROM ubuntu:24.04',
        'COPY debs /tmp/debs',
        'COPY tools.sh hw.sh /tmp/',
        'RUN /tmp/tools.sh',
        'RUN ls /opt/tool/venv',
        'RUN cat /etc/made-by-nobody',
        'RUN /tmp/hw.sh',
        'RUN cat /opt/real/file',
        'RUN mv /data/persist /system/',
        '',
      ].join('\n'),
      'tools.sh': '#!/bin/sh\nset -e\napt-get install -y git python3\ngit clone https://example.org/tool.git /opt/tool-src\ncd /opt/tool-src\npython3 -m venv /opt/tool/venv\n',
      'hw.sh': '#!/bin/sh\nset -e\ncd /tmp/debs\napt-get install -y ./vendor.deb ./real.deb\n',
      'debs/vendor.deb': 'version https://git-lfs.github.com/spec/v1\noid sha256:c4f29db31059124572eb0bcae41492fe20e048a89a91093f47e966d8f3a64fa7\nsize 1096928\n',
      'debs/real.deb': readFileSync(join(debs, 'real.deb')),
    });
    // What each step is put down to (its cause) and the lead's own data: the script and line, the package.
    const judged = v.failing.map((s: { evidence: string; cause?: string; unverified?: string }) => [s.evidence, s.cause ?? null]);
    expect(judged).toEqual([
      ['RUN /tmp/tools_alpine.sh', 'stubbed'],
      ['RUN ls /opt/tool/venv', 'unrun'],
      // Named by no lead: a failure of the build, as before.
      ['RUN cat /etc/made-by-nobody', null],
      ['RUN cat /opt/real/file', 'disabled-deb'],
      ['RUN mv /data/persist /system/', 'disabled-deb'],
    ]);
    const reason = (evidence: string) => v.failing.find((s: { evidence: string }) => s.evidence === evidence).unverified as string;
    expect(reason('RUN ls /opt/tool/venv')).toContain(`/tmp/tools_alpine.sh from its line 6`);
    expect(reason('RUN ls /opt/tool/venv')).toContain(`step at line ${lineOf(v.dir, 'RUN /tmp/tools_alpine.sh')}`);
    expect(reason('RUN cat /opt/real/file')).toMatch(/^\/opt\/real\/file comes from real\.deb, .*hw_alpine\.sh:5/);
    expect(reason('RUN mv /data/persist /system/')).toContain('vendor.deb (TODO at hw_alpine.sh:5)');
    expect(reason('RUN mv /data/persist /system/')).not.toContain('real.deb');
    expect(readFileSync(join(v.dir, 'hw_alpine.sh'), 'utf8').split('\n')[4]).toMatch(/^# TODO\(migrate\): .*; disabled: apt-get install -y \.\/vendor\.deb \.\/real\.deb$/);
    expect([v.code, v.report.summary.failingSteps]).toEqual([1, 1]);
  }, 120_000);

  it('turns PAM limits into rc_ulimit lines that BusyBox sh applies from /etc/rc.conf', async () => {
    // Lowering limits: allowed in any root, so the test shows the lines work wherever it runs.
    const v = await generateAndVerify('limits', {
      Dockerfile: 'FROM ubuntu:24.04\nCOPY setup.sh /tmp/\nRUN /tmp/setup.sh\nRUN . /etc/rc.conf && ulimit $rc_ulimit && test "$(ulimit -n)" = 512 && test "$(ulimit -u)" = 64\n',
      'setup.sh': '#!/bin/sh\nset -e\napt-get install -y curl\necho "* - nofile 512" >> /etc/security/limits.conf\necho "comma hard nproc 64" >> /etc/security/limits.conf\n',
    });
    expect(readFileSync(join(v.dir, 'setup_alpine.sh'), 'utf8')).toContain('>> /etc/rc.conf');
    expect([v.code, v.failing]).toEqual([0, []]);
  }, 120_000);

  it('lets migrate checklist tick what the run proved, and only while the files are those it ran', async () => {
    const dir = variant({});
    const r = await run('verify', dir, '--db', db, '--rootfs', TARBALL, '--json');
    const report = join(mkdtempSync(join(tmpdir(), 'migrate-verify-report-')), 'verify.json');
    writeFileSync(report, r.stdout);
    const states = async () => {
      const c = JSON.parse((await run('checklist', dir, '--format', 'json', '--db', 'dist/default.db', '--verify', report)).stdout);
      const items = c.phases.flatMap((p: { items: { id: string; state: string; evidence: string }[] }) => p.items);
      return ['A6', '3.7'].map((id) => items.find((i: { id: string }) => i.id === id)).map((i: { state: string; evidence: string }) => [i.state, i.evidence.split(':')[0]]);
    };
    expect(await states()).toEqual([['done', expect.stringMatching(/^\d+ steps ran in alpine-minirootfs-3\.20\.3-x86_64\.tar\.gz, none failing$/)], ['done', '1 OpenRC scripts installed in the image, 1 enabled as the Ubuntu build enables them']]);
    writeFileSync(join(dir, 'alpine/userspace/base_setup_alpine.sh'), `${readFileSync(join(dir, 'alpine/userspace/base_setup_alpine.sh'), 'utf8')}true\n`);
    expect(await states()).toEqual([['open', 'the verify report is older than alpine/userspace/base_setup_alpine.sh'], ['open', 'the verify report is older than alpine/userspace/base_setup_alpine.sh']]);
    const bad = await run('checklist', dir, '--db', 'dist/default.db', '--verify', join(dir, 'Dockerfile.alpine'));
    expect([bad.code, bad.stderr.trim().split('\n').length]).toEqual([2, 1]);
  }, 120_000);

  it('creates the build user as the Ubuntu builder does (groupadd -g, useradd -u -g with ARG values), replacing one that has its ids', async () => {
    const v = await generateAndVerify('users', {
      Dockerfile: [
        'FROM ubuntu:24.04',
        'ARG UNAME=batman',
        'ARG UID=1000',
        'ARG GID=1000',
        'RUN groupadd -g 1000 old && useradd -m -u 1000 -g old old',
        'RUN if [ ${UID:-0} -ne 0 ] && [ ${GID:-0} -ne 0 ]; then \\',
        '    userdel -r `getent passwd ${UID} | cut -d : -f 1` > /dev/null 2>&1; \\',
        '    groupdel -f `getent group ${GID} | cut -d : -f 1` > /dev/null 2>&1; \\',
        '    groupadd -g ${GID} -o ${UNAME} && \\',
        '    useradd -u $UID -g $GID ${UNAME} \\',
        ';fi',
        'RUN test "$(id -u batman):$(id -g batman):$(id -gn batman)" = 1000:1000:batman && ! id old',
        '',
      ].join('\n'),
    });
    expect([v.code, v.failing]).toEqual([0, []]);
  }, 120_000);

  it('installs a timer that has no periodic directory as a line of root\'s crontab, with crond enabled', async () => {
    const v = await generateAndVerify('cron', {
      'units/report.service': '[Service]\nType=oneshot\nExecStart=/bin/true\n',
      'units/report.timer': '[Timer]\nOnCalendar=*-*-* 04:30:00\n[Install]\nWantedBy=timers.target\n',
      Dockerfile: "FROM ubuntu:24.04\nRUN apt-get install -y curl\nCOPY units/ /lib/systemd/system/\nRUN grep -qx '30 4 \\* \\* \\* /bin/true' /etc/crontabs/root && test -L /etc/runlevels/default/crond\n",
    });
    expect([v.code, v.failing]).toEqual([0, []]);
  }, 120_000);

  it('enables a serial getty as BusyBox init does it, with a line in /etc/inittab, once', async () => {
    const v = await generateAndVerify('getty', {
      Dockerfile: 'FROM ubuntu:24.04\nCOPY setup.sh /tmp/\nRUN /tmp/setup.sh && /tmp/setup.sh\nRUN test "$(grep -c \'^ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100$\' /etc/inittab)" = 1 && ! grep -q ^tty2: /etc/inittab\n',
      'setup.sh': '#!/bin/sh\nset -e\napt-get install -y curl\nsystemctl enable serial-getty@ttyS0.service\nsystemctl disable getty@tty2.service\n',
    });
    expect([v.code, v.failing]).toEqual([0, []]);
  }, 120_000);

  it('links a distribution service a package may ship as unverified, and fails one no package could', async () => {
    const v = await verify(variant({ 'Dockerfile.alpine': (t) => `${t}RUN apk add --no-cache avahi && rc-update add avahi-daemon default\nRUN rc-update add no-such-daemon default\n` }));
    expect(v.failing.map((s) => s.line)).toEqual([lineOf(v.dir, 'RUN rc-update add no-such-daemon default')]);
    const unverified = v.report.findings.filter((f: { rule: string }) => f.rule === 'verify/service-unverified');
    expect(unverified.map((f: { data: unknown }) => f.data)).toEqual([{ service: 'avahi-daemon', candidates: ['avahi-openrc'] }]);
  }, 120_000);

  it('without --index, answers apk from the embedded catalogue of the root\'s release', async () => {
    const r = await run('verify', repo, '--db', 'dist/default.db', '--rootfs', TARBALL, '--json');
    expect(r.code).toBe(0);
    expect(JSON.stringify(JSON.parse(r.stdout))).toMatch(/v3\.20\/main\/x86_64 snapshot/);
  }, 300_000);

  it('says what to do when the database holds no Alpine catalogue at all', async () => {
    const r = await run('verify', repo, '--db', freshDb({ catalogues: false }), '--rootfs', TARBALL);
    expect([r.code, r.stderr.trim().split('\n').length, r.stdout]).toEqual([3, 1, '']);
  });
});

describe('verifyFindings', () => {
  const service = { name: 'app', file: 'openrc/init.d/app', installed: true, enabled: true, command: '/usr/bin/app', commandPresent: true, runlevel: 'default' };
  it.each([
    ['a failing step', [{ file: 'Dockerfile.alpine', line: 7, stage: 'base', keyword: 'RUN', evidence: 'RUN x', ok: false, error: 'exit 1' }], [], true, [['verify/step-failed', 'Dockerfile.alpine', 7]]],
    ['an unverified step, and a failing one after it', [{ file: 'Dockerfile.alpine', line: 7, stage: 'b', keyword: 'RUN', evidence: 'RUN x', ok: false, error: 'exit 1', unverified: 'after stubbed `git clone`' }, { file: 'Dockerfile.alpine', line: 9, stage: 'b', keyword: 'RUN', evidence: 'RUN y', ok: false, error: 'exit 2', after: 7 }], [], true, [['verify/step-unverified', 'Dockerfile.alpine', 7], ['verify/step-failed', 'Dockerfile.alpine', 9]]],
    ['a passing step and a healthy service', [{ file: 'Dockerfile.alpine', line: 7, stage: 'base', keyword: 'RUN', evidence: 'RUN x', ok: true }], [service], true, []],
    ['a service not installed (its command is not judged)', [], [{ ...service, installed: false, commandPresent: false }], true, [['verify/service-not-installed', 'openrc/init.d/app', null]]],
    ['a service not enabled, its command missing', [], [{ ...service, enabled: false, commandPresent: false }], true, [['verify/command-missing', 'openrc/init.d/app', null], ['verify/service-not-enabled', 'openrc/init.d/app', null]]],
    ['a service the Ubuntu build does not enable', [], [{ ...service, enabled: null, runlevel: null }], true, []],
    ['/bin/sh relinked', [], [], false, [['verify/sh-not-busybox', 'Dockerfile.alpine', null]]],
    ['a service linked unverified', [], [], true, [['verify/service-unverified', 'Dockerfile.alpine', null]], new Map([['avahi-daemon', ['avahi-openrc']]])],
  ] as const)('%s', (_n, steps, services, busybox, expected, unverified?: Map<string, string[]>) => {
    const f = verifyFindings([...steps], [...services], { file: 'Dockerfile.alpine', busybox }, unverified);
    expect(f.map((x) => [x.rule, x.file, x.line])).toEqual(expected);
  });
});
