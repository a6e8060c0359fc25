/**
 * `migrate verify --engine docker` with a stand-in `docker` on PATH (no daemon runs here): the
 * build is asked for as a user would run it, a failure lands on the Dockerfile line BuildKit names,
 * and the services are checked in the exported image. What a real engine builds is not tested.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { failedLine } from '../../src/verify/engine-build.js';
import { parseDockerfileProgram } from '../../src/verify/dockerfile-program.js';

const STAND_IN = `#!/bin/sh
echo "$*" >> "$DOCKER_LOG"
case "$1" in
  version) exit 0 ;;
  build)
    if [ -n "$FAIL_AT" ]; then
      printf '#7 [3/3] RUN false\\n#7 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\\n------\\n > [3/3] RUN false:\\n------\\nDockerfile.alpine:%s\\n--------------------\\n' "$FAIL_AT" >&2
      exit 1
    fi
    echo built ;;
  create) echo c0ffee ;;
  export) tar -cf "$3" -C "$IMAGE" . ;;
  rm) ;;
esac
`;

function run(argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['bin/migrate.js', ...argv], { env: { ...process.env, NO_COLOR: '1', ...env } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('migrate verify --engine docker (a stand-in docker)', () => {
  let repo: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    repo = mkdtempSync(join(tmpdir(), 'migrate-engine-repo-'));
    cpSync('examples/ubuntu-image', repo, { recursive: true });
    expect((await run(['generate', repo, '--db', 'dist/default.db'], {})).code).toBe(0);
    const bin = mkdtempSync(join(tmpdir(), 'migrate-engine-bin-'));
    writeFileSync(join(bin, 'docker'), STAND_IN);
    chmodSync(join(bin, 'docker'), 0o755);
    // The image the stand-in exports: the generated script installed and enabled, BusyBox sh.
    const image = mkdtempSync(join(tmpdir(), 'migrate-engine-image-'));
    mkdirSync(join(image, 'etc/init.d'), { recursive: true });
    mkdirSync(join(image, 'etc/runlevels/default'), { recursive: true });
    mkdirSync(join(image, 'bin'));
    copyFileSync(join(repo, 'alpine/userspace/files/openrc/init.d/app'), join(image, 'etc/init.d/app'));
    symlinkSync('/etc/init.d/app', join(image, 'etc/runlevels/default/app'));
    symlinkSync('/bin/busybox', join(image, 'bin/sh'));
    writeFileSync(join(image, 'bin/busybox'), '');
    env = { PATH: `${bin}:${process.env.PATH}`, DOCKER_LOG: join(bin, 'log'), IMAGE: image };
  }, 120_000);

  it('builds each Alpine Dockerfile and checks the services in the exported image', async () => {
    const r = await run(['verify', repo, '--engine', 'docker', '--json'], env);
    const report = JSON.parse(r.stdout);
    expect([r.code, report.engine, report.rootfs, report.summary.failingSteps]).toEqual([0, 'docker', null, 0]);
    expect(report.steps.map((s: { keyword: string; ok: boolean; file: string }) => [s.keyword, s.file, s.ok])).toEqual([['BUILD', 'Dockerfile.alpine', true]]);
    expect(report.services).toEqual([{ name: 'app', file: 'alpine/userspace/files/openrc/init.d/app', installed: true, enabled: true, command: '/usr/local/bin/app', commandPresent: false }]);
    const calls = readFileSync(env.DOCKER_LOG!, 'utf8').split('\n');
    expect(calls.find((c) => c.startsWith('build '))).toMatch(new RegExp(`^build --progress=plain -f ${repo}/Dockerfile\\.alpine -t \\S+ .*${repo}$`));
    expect(calls.filter((c) => /^(create|export|rm) /.test(c)).map((c) => c.split(' ')[0])).toEqual(['create', 'export', 'rm']);
  }, 120_000);

  it('puts a failed build at the line the engine names, and exits 1', async () => {
    const r = await run(['verify', repo, '--engine', 'docker', '--json'], { ...env, FAIL_AT: '7' });
    const report = JSON.parse(r.stdout);
    expect([r.code, report.summary.failingSteps, report.findings.filter((f: { rule: string }) => f.rule === 'verify/step-failed').map((f: { line: number }) => f.line)]).toEqual([1, 1, [7]]);
    expect(report.steps[0].error).toContain('did not complete successfully');
  }, 120_000);

  it('says what to do when the engine is missing, or a chroot option is given', async () => {
    const missing = await run(['verify', repo, '--engine', 'podman'], { PATH: '/nonexistent' });
    expect([missing.code, missing.stderr.trim()]).toEqual([3, "migrate: --engine podman: podman is not on PATH; install it, or leave out --engine to run in verify's chroot"]);
    const mixed = await run(['verify', repo, '--engine', 'docker', '--rootfs', 'x.tar.gz'], env);
    expect([mixed.code, mixed.stderr.trim()]).toEqual([2, 'migrate: --rootfs is for the chroot engine; --engine docker builds with real packages']);
  }, 120_000);
});

describe('failedLine', () => {
  const program = parseDockerfileProgram('FROM alpine:3.22\nRUN apk add --no-cache bash\nRUN false\n');
  it('reads BuildKit\'s Dockerfile:LINE block and buildah\'s STEP line', () => {
    expect(failedLine('------\nDockerfile.alpine:3\n--------------------\n', 'sub/Dockerfile.alpine', program)).toBe(3);
    expect(failedLine('Error: building at STEP "RUN false": while running runtime: exit status 1', 'Dockerfile.alpine', program)).toBe(3);
    expect(failedLine('no line here', 'Dockerfile.alpine', program)).toBeNull();
  });
});
