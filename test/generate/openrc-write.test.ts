import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { ownership, withHeader } from '../../src/generate/header.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
}

function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-gen-'));
  cpSync('test/fixtures/units/repo', dir, { recursive: true });
  return dir;
}

function hashTree(dir: string, skip: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (p.includes(skip)) continue;
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('header and checksum', () => {
  it('tells unchanged, edited and foreign files apart', () => {
    const content = withHeader(['a.service'], (h) => `#!/bin/sh\n${h}\necho hi\n`);
    expect(ownership(content)).toBe('generated-unchanged');
    expect(ownership(content.replace('echo hi', 'echo bye'))).toBe('generated-edited');
    expect(ownership('#!/bin/sh\necho mine\n')).toBe('not-generated');
  });
});

describe('migrate openrc writes siblings and keeps edits', () => {
  it('writes beside the units, never touching the originals, and twice gives the same files', async () => {
    const repo = copyRepo();
    const before = hashTree(repo, '/openrc');
    const first = await run('openrc', repo, '--json');
    expect(first.code).toBe(0);
    const outcomes = JSON.parse(first.stdout).files as { path: string; outcome: string }[];
    expect(outcomes.every((f) => f.outcome === 'created')).toBe(true);
    expect(outcomes.map((f) => f.path)).toContain('lib/systemd/system/openrc/init.d/web');
    expect(hashTree(repo, '/openrc')).toEqual(before);
    const generated = hashTree(join(repo, 'lib/systemd/system/openrc'), '\u0000');
    const second = JSON.parse((await run('openrc', repo, '--json')).stdout).files as { outcome: string }[];
    expect(second).toHaveLength(outcomes.length);
    expect(second.filter((f) => f.outcome !== 'unchanged')).toEqual([]);
    expect(hashTree(join(repo, 'lib/systemd/system/openrc'), '\u0000')).toEqual(generated);
  });

  it('keeps a hand-edited file and says so; --force replaces it', async () => {
    const repo = copyRepo();
    await run('openrc', repo);
    const web = join(repo, 'lib/systemd/system/openrc/init.d/web');
    writeFileSync(web, readFileSync(web, 'utf8').replace('respawn_delay=5', 'respawn_delay=9'));
    const again = await run('openrc', repo);
    expect(again.stdout).toMatch(/kept-edited\s+lib\/systemd\/system\/openrc\/init.d\/web/);
    expect(again.stderr).toMatch(/kept 1 file/);
    expect(readFileSync(web, 'utf8')).toContain('respawn_delay=9');
    await run('openrc', repo, '--force');
    expect(readFileSync(web, 'utf8')).toContain('respawn_delay=5');
  });

  it('never overwrites a file a person wrote', async () => {
    const repo = copyRepo();
    await run('openrc', repo);
    const web = join(repo, 'lib/systemd/system/openrc/init.d/web');
    writeFileSync(web, '#!/sbin/openrc-run\n# mine\n');
    expect((await run('openrc', repo)).stdout).toMatch(/kept-not-generated/);
    expect(readFileSync(web, 'utf8')).toBe('#!/sbin/openrc-run\n# mine\n');
    // --force is for generated files edited by hand, not for files migrate never wrote
    expect((await run('openrc', repo, '--force')).stdout).toMatch(/kept-not-generated\s+lib\/systemd\/system\/openrc\/init.d\/web/);
    expect(readFileSync(web, 'utf8')).toBe('#!/sbin/openrc-run\n# mine\n');
  });

  it('--dry-run prints the files and writes nothing; --out writes elsewhere', async () => {
    const repo = copyRepo();
    const dry = await run('openrc', repo, '--dry-run');
    expect(dry.stdout).toMatch(/=== lib\/systemd\/system\/openrc\/init.d\/web \(new\)\n#!\/sbin\/openrc-run/);
    expect(() => statSync(join(repo, 'lib/systemd/system/openrc'))).toThrow();
    const out = mkdtempSync(join(tmpdir(), 'migrate-out-'));
    expect((await run('openrc', repo, '--out', out)).code).toBe(0);
    expect(statSync(join(out, 'lib/systemd/system/openrc/init.d/web')).isFile()).toBe(true);
  });

  it.each([
    [['openrc'], /missing DIR/],
    [['openrc', 'nope'], /no such directory/],
    [['openrc', 'test/fixtures/units/repo', '--release', 'latest'], /--release latest: not an Alpine release this tool knows/],
    [['openrc', 'test/fixtures/units/repo', '--openrc-dir', '../x', '--dry-run'], /inside the repository/],
  ])('%j is a one-line usage error', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('rc-update.sh', () => {
  it('turns the systemctl calls of the repository into rc-update/rc-service, never onto a virtual service', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'migrate-rcu-'));
    writeFileSync(join(repo, 'setup.sh'), '#!/bin/sh\nsystemctl enable ssh\nsudo systemctl restart systemd-journald\nsystemctl disable ubuntu-advantage\n');
    expect((await run('openrc', repo, '--json')).code).toBe(0);
    const script = readFileSync(join(repo, 'openrc/rc-update.sh'), 'utf8');
    expect(script).toContain("rc-update add sshd default");
    expect(script).not.toContain('rc-service logger');
    expect(script).toContain("systemctl restart systemd-journald.service: TODO(migrate): OpenRC's logger is a virtual service; name the one that provides it (syslog, rsyslog, syslog-ng)");
    expect(script).toContain('systemctl disable ubuntu-advantage.service: nothing to do on Alpine');
  });
});
