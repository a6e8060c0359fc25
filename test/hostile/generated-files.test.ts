/**
 * The hostile-input corpus for what generate and openrc write: every systemd directive the
 * converters know (mappings/systemd-directives.tsv, the ulimit table) and hostile unit and file
 * names, each carrying commands that must never run. Every generated file is then exercised the
 * way it will be used: shell files parsed (sh -n) and sourced, init scripts asked for their
 * dependencies by the real OpenRC (`describe`) where it is installed. No marker file may appear.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mappingRows } from '../../src/knowledge/tsv.js';
import { hasTool, need } from '../support.js';
import { runInProcess } from '../cli/run.js';
import { hostileValue } from './hostile-value.js';

const haveOpenrc = need('openrc-run and root for describe (apt-get install openrc)', hasTool('openrc-run') && process.getuid?.() === 0);

const NAME_MARK = `migrate-hostile-name-${process.pid}`;
const noNameMarks = () => expect([marks, '/', tmpdir()].flatMap((d) => readdirSync(d).filter((f) => f.startsWith(NAME_MARK)))).toEqual([]);
let repo: string;
let marks: string;
const installed: string[] = [];

const hostile = (id: string) => hostileValue(marks, id);

/** What each unit type needs to be converted at all, so the hostile directive is not skipped. */
const BASE: Record<string, Record<string, string>> = {
  service: { 'Service.ExecStart': '/bin/true', 'Install.WantedBy': 'multi-user.target' },
  timer: { 'Timer.OnCalendar': 'daily', 'Install.WantedBy': 'timers.target' },
  path: { 'Path.PathExists': '/etc/hostname', 'Install.WantedBy': 'multi-user.target' },
  mount: { 'Mount.What': '/dev/sda1', 'Mount.Type': 'ext4', 'Install.WantedBy': 'local-fs.target' },
};

function unitText(type: string, key: string, value: string): string {
  const directives = { ...BASE[type], [key]: value };
  const sections = new Map<string, string[]>();
  for (const [k, v] of Object.entries(directives)) {
    const [section, name] = k.split('.') as [string, string];
    sections.set(section, [...(sections.get(section) ?? []), `${name}=${v}`]);
  }
  return [...sections].map(([s, lines]) => `[${s}]\n${lines.join('\n')}\n`).join('');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

beforeAll(async () => {
  repo = mkdtempSync(join(tmpdir(), 'migrate-hostile-'));
  marks = mkdtempSync(join(tmpdir(), 'migrate-marks-'));
  mkdirSync(join(repo, 'units'));
  const directives = mappingRows('systemd-directives.tsv').map(([type, key]) => [type!, key!] as const);
  const limits = mappingRows('systemd-limits.tsv').map(([key]) => ['service', `Service.${key}`] as const);
  const enabled: string[] = [];
  [...directives, ...limits].forEach(([type, key], i) => {
    const name = `hx${i}.${type === 'mount' ? 'mount' : type}`;
    // A mount unit's name is its Where= path; the directive under test may be Where= itself.
    const file = type === 'mount' ? `mnt-hx${i}.mount` : name;
    const text = type === 'mount' && key !== 'Mount.Where' ? unitText(type, key, hostile(`${i}`)).replace('[Mount]\n', `[Mount]\nWhere=/mnt/hx${i}\n`) : unitText(type, key, hostile(`${i}`));
    writeFileSync(join(repo, 'units', file), text);
    enabled.push(file);
  });
  // Names: a unit file whose name holds a command substitution, and a drop-in directory of one. A
  // name cannot hold a slash, so these marks are relative: the checks run in MARKS (and / for OpenRC).
  writeFileSync(join(repo, 'units', `t$(touch ${NAME_MARK}-a).service`), unitText('service', 'Unit.Description', 'x'));
  mkdirSync(join(repo, 'units', `u$(touch ${NAME_MARK}-b).service.d`));
  writeFileSync(join(repo, 'units', `u$(touch ${NAME_MARK}-b).service.d`, 'o.conf'), '[Service]\nNice=1\n');
  writeFileSync(
    join(repo, 'Dockerfile'),
    `FROM ubuntu:24.04\nCOPY units/ /etc/systemd/system/\nRUN systemctl enable ${enabled.filter((u) => !u.endsWith('.mount')).join(' ')}\nRUN apt-get update && apt-get install -y curl\n`,
  );
  const gen = await runInProcess('generate', repo, '--db', 'dist/default.db');
  expect(gen.code, gen.stderr).toBe(0);
  const openrc = await runInProcess('openrc', repo, '--out', join(repo, 'openrc-out'));
  expect(openrc.code, openrc.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  for (const s of installed) rmSync(`/etc/init.d/${s}`, { force: true });
  rmSync(repo, { recursive: true, force: true });
  rmSync(marks, { recursive: true, force: true });
});

describe('hostile units, names and values', () => {
  it('generate and openrc wrote init scripts for the corpus', () => {
    const scripts = filesUnder(repo).filter((f) => /\/init\.d\//.test(f));
    expect(scripts.length).toBeGreaterThan(40);
  });

  it('every generated shell file parses and, sourced, runs nothing it was given as data', () => {
    const generated = filesUnder(repo).filter((f) => readFileSync(f, 'utf8').startsWith('#!') || f.endsWith('.sh') || f.includes('/conf.d/'));
    expect(generated.length).toBeGreaterThan(40);
    for (const f of generated) {
      const text = readFileSync(f, 'utf8');
      if (!text.includes('Generated by migrate')) continue; // the corpus's own files
      const n = spawnSync('sh', ['-n', f], { encoding: 'utf8' });
      expect(n.status, `${relative(repo, f)}: ${n.stderr}`).toBe(0);
      // Sourcing runs the top level (assignments, depend() is only defined): what openrc-run does first.
      // Build scripts are not sourced: they run the repository's own commands by design.
      if (/\/(init\.d|conf\.d)\//.test(f)) spawnSync('sh', ['-c', '. "$1" >/dev/null 2>&1', 'sh', f], { timeout: 10_000, cwd: marks });
    }
    expect(readdirSync(marks)).toEqual([]);
    noNameMarks();
  });

  it.skipIf(!haveOpenrc)('real OpenRC computes every generated script\'s dependencies and runs nothing injected', () => {
    const scripts = filesUnder(repo).filter((f) => /\/openrc\/init\.d\/[^/]+$/.test(f));
    scripts.forEach((f, i) => {
      const as = `migtest-hx-${i}`;
      copyFileSync(f, `/etc/init.d/${as}`);
      chmodSync(`/etc/init.d/${as}`, 0o755);
      installed.push(as);
      const r = spawnSync(`/etc/init.d/${as}`, ['describe'], { encoding: 'utf8', timeout: 20_000, cwd: marks });
      expect(r.status, `${relative(repo, f)}: ${r.stderr}`).toBe(0);
    });
    expect(readdirSync(marks)).toEqual([]);
    noNameMarks();
  });

  it('names outside systemd\'s alphabet become no file and are reported', async () => {
    const names = filesUnder(repo).map((f) => relative(repo, f));
    expect(names.filter((n) => n.includes('$(') && !n.startsWith('units/'))).toEqual([]);
    const scan = await runInProcess('scan', repo, '--json', '--db', 'dist/default.db');
    const findings = JSON.parse(scan.stdout).findings as { rule: string; file: string }[];
    expect(findings.some((f) => f.rule === 'systemd/parse-error' && f.file.includes(`${NAME_MARK}-a`))).toBe(true);
  });
});
