/**
 * Oracles: shellcheck judges every generated shell file, and the machine's real OpenRC runs the
 * init scripts (describe for all; start, status, stop for units whose commands exist here).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertProject } from '../../src/convert/project.js';
import { generateOpenrcFiles } from '../../src/generate/openrc-files.js';
import { scan } from '../../src/scan/scanner.js';
import { loadSystemdKnowledge, versionAtLeast } from '../../src/systemd/knowledge.js';
import { hasTool, need } from '../support.js';

const haveShellcheck = need('shellcheck', hasTool('shellcheck'));
const haveOpenrc = need('openrc-run and root (apt-get install openrc)', hasTool('openrc-run') && process.getuid?.() === 0);

/** The Alpine release whose OpenRC is not newer than the one installed here, so features match. */
function releaseForInstalledOpenrc(): string {
  const out = spawnSync('openrc', ['--version'], { encoding: 'utf8' }).stdout ?? '';
  const installed = /(\d+\.\d+(?:\.\d+)?)/.exec(out)?.[1];
  if (!installed) throw new Error(`openrc --version printed no version: ${out.trim() || '(nothing)'}`);
  const k = loadSystemdKnowledge();
  const fits = k.releases.filter((r) => versionAtLeast(installed, r.openrc)).sort((a, b) => (versionAtLeast(a.release, b.release) ? 1 : -1));
  const release = fits.at(-1)?.release;
  if (!release) throw new Error(`OpenRC ${installed} is older than every release in mappings/openrc-releases.tsv`);
  return release;
}

async function generate(repo: string, release: string) {
  const result = await scan(repo, { release });
  const files = generateOpenrcFiles(convertProject(result, release), result, 'openrc');
  const out = mkdtempSync(join(tmpdir(), 'migrate-openrc-'));
  for (const f of files) {
    mkdirSync(join(out, f.path, '..'), { recursive: true });
    writeFileSync(join(out, f.path), f.content);
    chmodSync(join(out, f.path), f.mode);
  }
  return { out, files };
}

describe.skipIf(!haveShellcheck)('generated files pass shellcheck', () => {
  it.each(['3.17', '3.20', '3.22'])('for Alpine %s', async (release) => {
    const { out, files } = await generate('test/fixtures/units/repo', release);
    const shells = files.filter((f) => f.content.startsWith('#!'));
    expect(shells.length).toBeGreaterThan(5);
    for (const f of shells) {
      const r = spawnSync('shellcheck', ['-s', 'sh', join(out, f.path)], { encoding: 'utf8' });
      expect(r.stdout, f.path).toBe('');
      expect(r.status, f.path).toBe(0);
    }
  });
});

describe.skipIf(!haveOpenrc)('real OpenRC runs the generated scripts', () => {
  const installed: string[] = [];
  let repo: string;
  let release: string;

  beforeAll(() => {
    release = releaseForInstalledOpenrc();
    repo = mkdtempSync(join(tmpdir(), 'migrate-units-'));
    mkdirSync(join(repo, 'units'));
    const unit = (name: string, text: string) => writeFileSync(join(repo, 'units', name), text);
    unit('migtest-sup.service', '[Unit]\nDescription=Supervised sleep\n[Service]\nExecStart=/bin/sleep 300\nRestart=always\nRestartSec=1\nEnvironment="A=b c"\nLimitNOFILE=2048\nNoNewPrivileges=yes\n[Install]\nWantedBy=multi-user.target\n');
    unit('migtest-bg.service', '[Service]\nExecStart=/bin/sleep 300\nKillSignal=SIGINT\nTimeoutStopSec=3\n');
    unit('migtest-once.service', `[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo ran > ${repo}/once.out"\nRemainAfterExit=yes\n`);
    // A simple service whose command exits at once, and one whose command runs on: both stay started and stop.
    unit('migtest-remain.service', `[Service]\nRemainAfterExit=true\nKillSignal=SIGKILL\nExecStart=/bin/sh -c "echo started > ${repo}/remain.out"\nExecStop=/bin/sh -c "echo stopped >> ${repo}/remain.out"\n`);
    unit('migtest-remainlong.service', '[Service]\nRemainAfterExit=yes\nExecStart=/bin/sleep 301\n');
    // A bare command name: systemd looks it up; command= is looked up when the service starts.
    unit('migtest-bare.service', '[Service]\nExecStart=sleep 302\n');
    // Hostile values: what systemd keeps literal must not run when OpenRC computes dependencies or starts it.
    unit('migtest-hostile.service', `[Unit]\nAfter=network.target $(touch ${repo}/pwned-after) x;touch\${IFS}${repo}/pwned-semi.service\n[Service]\nType=oneshot\nUser=nobody\nExecStartPre=/bin/echo '$(touch ${repo}/pwned-pre)' "\`touch ${repo}/pwned-tick\`"\nExecStart=/bin/true\nRemainAfterExit=yes\n`);
    // OpenRC refuses to run services on a system it did not boot unless its state directory exists.
    if (!existsSync('/run/openrc/softlevel')) {
      mkdirSync('/run/openrc', { recursive: true });
      writeFileSync('/run/openrc/softlevel', '');
    }
  });

  afterAll(() => {
    for (const s of installed) {
      spawnSync(`/etc/init.d/${s}`, ['stop'], { stdio: 'ignore' });
      spawnSync(`/etc/init.d/${s}`, ['zap'], { stdio: 'ignore' });
      rmSync(`/etc/init.d/${s}`, { force: true });
    }
  });

  /** Installs a generated script under a test-only name, so no real service is touched. */
  function install(out: string, name: string, as = name): string {
    const target = `/etc/init.d/${as}`;
    copyFileSync(join(out, 'openrc', 'init.d', name), target);
    chmodSync(target, 0o755);
    installed.push(as);
    return target;
  }

  it('describe works for every generated script', async () => {
    const { out } = await generate('test/fixtures/units/repo', release);
    const names = readdirSync(join(out, 'openrc', 'init.d'));
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) {
      const script = install(out, n, `migtest-fx-${n}`);
      const r = spawnSync(script, ['describe'], { encoding: 'utf8' });
      expect(r.status, `${n}: ${r.stderr}`).toBe(0);
    }
  });

  const running = (pattern: string) => spawnSync('pgrep', ['-f', pattern]).status === 0;

  it('runs no command a hostile unit smuggles into depend() or an Exec line (describe, start, stop)', async () => {
    const { out } = await generate(repo, release);
    const script = install(out, 'migtest-hostile');
    expect(spawnSync('sh', ['-n', script]).status).toBe(0);
    for (const verb of ['describe', 'start', 'stop']) {
      const r = spawnSync(script, [verb], { encoding: 'utf8' });
      expect(r.status, `${verb}: ${r.stdout}${r.stderr}`).toBe(0);
    }
    expect(readdirSync(repo).filter((f) => f.startsWith('pwned'))).toEqual([]);
  });

  it.each(['migtest-sup', 'migtest-bg', 'migtest-once', 'migtest-remain', 'migtest-remainlong', 'migtest-bare'])('%s starts, reports started, and stops', async (name) => {
    const { out } = await generate(repo, release);
    const script = install(out, name);
    const start = spawnSync(script, ['start'], { encoding: 'utf8' });
    expect(start.status, start.stdout + start.stderr).toBe(0);
    // Long enough for a command that exits at once to have exited: the service must still be started.
    spawnSync('sleep', ['0.5']);
    const status = spawnSync(script, ['status'], { encoding: 'utf8' });
    expect(status.status, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/started/);
    const stop = spawnSync(script, ['stop'], { encoding: 'utf8' });
    expect(stop.status, stop.stdout + stop.stderr).toBe(0);
    if (name === 'migtest-once') expect(execFileSync('cat', [join(repo, 'once.out')], { encoding: 'utf8' })).toBe('ran\n');
    if (name === 'migtest-remain') expect(execFileSync('cat', [join(repo, 'remain.out')], { encoding: 'utf8' })).toBe('started\nstopped\n');
    if (name === 'migtest-remainlong') expect(running('sleep 301')).toBe(false);
    if (name === 'migtest-bare') expect(running('sleep 302')).toBe(false);
  });
});
