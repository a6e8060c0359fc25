/**
 * migrate verify against the real Alpine 3.20.3 minirootfs: the example's generated build runs
 * with no failing step and its service installed and enabled; a broken sibling fails at its line;
 * the build migrate generated before wiring (Ubuntu scripts run, nothing enabled) fails.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { openDb } from '../../src/db/database.js';
import { importIndexFile } from '../../src/db/import-file.js';
import { resolveInRoot } from '../../src/verify/chroot.js';
import { ALPINE, INDEXES, hasTool, need, needShared } from '../support.js';
import { freshDb, rootfsFiles } from '../db/fixtures.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
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
const canRun = process.arch === 'x64' && needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz') && need('unshare and chroot', hasTool('unshare') && hasTool('chroot')) && need('bash-static (apt-get install bash-static)', hasTool('bash-static'));

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

  it('fails a broken sibling at its Dockerfile line, and an apk name Alpine lacks as apk would', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'migrate-verify-broken-'));
    cpSync(repo, broken, { recursive: true });
    const sib = join(broken, 'alpine/userspace/base_setup_alpine.sh');
    writeFileSync(sib, `${readFileSync(sib, 'utf8')}useradd -m extra\n`);
    const df = join(broken, 'Dockerfile.alpine');
    writeFileSync(df, `${readFileSync(df, 'utf8')}RUN apk add --no-cache no-such-package-xyz\n`);
    const lines = readFileSync(df, 'utf8').split('\n');
    const r = await run('verify', broken, '--db', db, '--rootfs', TARBALL, '--json');
    const failing = JSON.parse(r.stdout).steps.filter((s: { ok: boolean }) => !s.ok).map((s: { line: number; error: string }) => [s.line, /useradd: (command )?not found|no-such-package-xyz \(no such package\)/.test(s.error)]);
    expect(failing).toEqual([
      [lines.findIndex((l) => l === 'RUN /tmp/userspace/base_setup_alpine.sh') + 1, true],
      [lines.length - 1, true],
    ]);
    expect(r.code).toBe(1);
  }, 120_000);

  it('fails the build generated before wiring: the Ubuntu script runs, the service is not enabled', async () => {
    const old = mkdtempSync(join(tmpdir(), 'migrate-verify-old-'));
    cpSync(repo, old, { recursive: true });
    const df = join(old, 'Dockerfile.alpine');
    // What generate wrote before: the Ubuntu original copied and run, no base, no rc-update.
    writeFileSync(df, readFileSync(df, 'utf8').replace('RUN /tmp/userspace/base_setup_alpine.sh', 'RUN /tmp/userspace/base_setup.sh').replace(/\n && rc-update add app default/, ''));
    const r = await run('verify', old, '--db', db, '--rootfs', TARBALL, '--json');
    const report = JSON.parse(r.stdout);
    expect(report.steps.filter((s: { ok: boolean }) => !s.ok).map((s: { error: string }) => /(dpkg|apt-get|apt-fast): (command )?not found/.test(s.error))).toEqual([true]);
    expect(report.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['verify/command-missing', 'verify/service-not-enabled', 'verify/step-failed']);
    expect(r.code).toBe(1);
  }, 120_000);

  it('says what to do without an Alpine index in the database', async () => {
    const r = await run('verify', repo, '--db', 'dist/default.db', '--rootfs', TARBALL);
    expect([r.code, r.stderr.trim().split('\n').length, /db import APKINDEX/.test(r.stderr)]).toEqual([3, 1, true]);
  });
});
