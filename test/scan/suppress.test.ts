/**
 * Silencing findings: inline pragmas in shell, Dockerfiles and units, .migrate.ini [scan] and
 * [severity], --exclude read as .gitignore lines. Every suppressed finding stays countable.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scanner.js';
import { pragmasOf } from '../../src/scan/suppress.js';
import { runInProcess } from '../cli/run.js';
import { readRepoConfig, settingsFor } from '../../src/cli/repo.js';
import { repoWith } from '../helpers.js';

const rulesAt = (r: Awaited<ReturnType<typeof scan>>) => r.findings.map((f) => `${f.file}:${f.line} ${f.rule}`);

describe('pragmasOf', () => {
  it('gives a comment line to the next line of code, a trailing one to its own line, ignore-file to the file', () => {
    const p = pragmasOf(['#!/bin/sh', '# migrate: ignore=shell/apt-install, busybox/bash-script', '', '# another comment', 'apt-get install -y a', 'apt-get install -y b # migrate: ignore=shell/apt-install', '# migrate: ignore-file=busybox/*'].join('\n'))!;
    expect([...p.lines]).toEqual([[5, new Set(['shell/apt-install', 'busybox/bash-script'])], [6, new Set(['shell/apt-install'])]]);
    expect([...p.file]).toEqual(['busybox/*']);
    expect(p.named.map((n) => n.line)).toEqual([2, 2, 6, 7]);
  });

  it('reads a unit comment that starts with ;, and nothing from a file without the word', () => {
    expect([...pragmasOf('[Service]\n; migrate: ignore=systemd/x\nExecStart=/bin/true\n')!.lines.keys()]).toEqual([3]);
    expect(pragmasOf('apt-get install -y a\n')).toBeNull();
    // Not a pragma: the text after `migrate:` is something else.
    expect([...pragmasOf('# migrate: see docs\napt-get install -y a\n')!.lines]).toEqual([]);
    // A note after the list is not a rule.
    expect([...pragmasOf('# migrate: ignore=shell/apt-install, busybox/* because vendor wants it\napt-get install -y a\n')!.lines]).toEqual([[2, new Set(['shell/apt-install', 'busybox/*'])]]);
  });
});

describe('inline pragmas in a scan', () => {
  const repo = repoWith({
    'a.sh': '#!/bin/sh\n# migrate: ignore=shell/apt-install\napt-get install -y curl\napt-get install -y jq\n',
    Dockerfile: '# migrate: ignore=dockerfile/debian-base-image\nFROM ubuntu:24.04\n# migrate: ignore=shell/apt-install\nRUN apt-get install -y git\nRUN apt-get install -y vim\n',
    'x.service': '[Service]\n# migrate: ignore-file=systemd/*\nExecStart=/bin/true\nPrivateNetwork=yes\nProtectSystem=strict\n',
    'typo.sh': '#!/bin/sh\n# migrate: ignore=shell/apt-instal\napt-get install -y wget\n',
  });

  it('silences only the named rules on the named line, and keeps every one of them in suppressed', async () => {
    const all = await scan(repo);
    const plain = await scan(repoWith(Object.fromEntries(['a.sh', 'Dockerfile', 'x.service', 'typo.sh'].map((f) => [f, readFileSync(join(repo, f), 'utf8').replace(/# migrate: [^\n]*/g, '#')]))));
    const silenced = all.suppressed!.map((f) => `${f.file}:${f.line} ${f.rule} ${f.suppressedBy}`);
    expect(silenced).toContain('a.sh:3 shell/apt-install inline');
    expect(rulesAt(all)).toContain('a.sh:4 shell/apt-install');
    expect(silenced).toEqual(expect.arrayContaining(['Dockerfile:2 dockerfile/debian-base-image inline', 'Dockerfile:4 shell/apt-install inline']));
    expect(rulesAt(all)).toContain('Dockerfile:5 shell/apt-install');
    expect(silenced.some((s) => s.startsWith('x.service:') && s.endsWith(' file'))).toBe(true);
    expect(rulesAt(all).filter((r) => r.startsWith('x.service:') && / systemd\//.test(r))).toEqual([]);
    // Nothing is lost: kept plus suppressed is what the scan finds without pragmas, plus the typo's finding.
    expect(all.findings.length + all.suppressed!.length).toBe(plain.findings.length + 1);
    // A finding's key does not change because another one near it was silenced.
    const keys = new Map(plain.findings.map((f) => [`${f.file}:${f.line}:${f.rule}`, f.key]));
    for (const f of all.findings.filter((x) => x.rule !== 'scan/unknown-rule')) expect(f.key).toBe(keys.get(`${f.file}:${f.line}:${f.rule}`));
  });

  it('reports a pragma that names no rule, and silences nothing with it', async () => {
    const r = await scan(repo);
    expect(rulesAt(r)).toContain('typo.sh:2 scan/unknown-rule');
    expect(rulesAt(r)).toContain('typo.sh:3 shell/apt-install');
  });
});

describe('.migrate.ini [scan] and [severity]', () => {
  const files = { 'a.sh': '#!/bin/bash\napt-get install -y curl\n', 'vendor/b.sh': '#!/bin/sh\napt-get install -y jq\n' };

  it('ignores rules, excludes paths, sets fail-on, release and arch, and changes severities', async () => {
    const repo = repoWith({ ...files, '.migrate.ini': '[scan]\nignore = shell/apt-install\nexclude = vendor/\nfail-on = warning\nrelease = 3.23\narch = aarch64\n[severity]\nbusybox/bash-script = warning\n' });
    const r = await runInProcess('scan', repo, '--json');
    const report = JSON.parse(r.stdout);
    expect(report.target).toMatchObject({ release: '3.23', arch: 'aarch64', archHow: '.migrate.ini [scan] arch' });
    expect(report.target.releaseHow).toMatch(/^\.migrate\.ini \[scan\] release/);
    expect(report.findings.map((f: { rule: string; severity: string; severityFrom?: string }) => [f.rule, f.severity, f.severityFrom])).toEqual([['busybox/bash-script', 'warning', 'info']]);
    expect(report.suppressed.map((f: { file: string; suppressedBy: string }) => [f.file, f.suppressedBy])).toEqual([['a.sh', 'config']]);
    expect(report.files.map((f: { file: string }) => f.file)).not.toContain('vendor/b.sh');
    // fail-on = warning met by the raised severity; a flag wins over the file.
    expect(r.code).toBe(1);
    expect((await runInProcess('scan', repo, '--fail-on', 'none')).code).toBe(0);
    const schema = JSON.parse(readFileSync('reports/scan-report.schema.json', 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['[scan]\nignore = shell/no-such-rule\n', /\[scan\] ignore names shell\/no-such-rule, which is no rule of migrate/],
    ['[scan]\nfail-on = sometimes\n', /\[scan\] fail-on = sometimes: use one of error, warning, info, none/],
    ['[scan]\narch = sparc\n', /\[scan\] arch = sparc: use one of/],
    ['[scan]\nrelease = 9.99\n', /\[scan\] release = 9.99: /],
    ['[scan]\nexclud = x\n', /\[scan\] exclud is not a setting; use ignore, exclude, fail-on, arch, release/],
    ['[severity]\nbusybox/bash-script = fatal\n', /\[severity\] busybox\/bash-script = fatal: use error, warning or info/],
  ])('refuses %j with one line naming the setting', async (ini, message) => {
    const r = await runInProcess('scan', repoWith({ ...files, '.migrate.ini': ini }));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('says in the Markdown report and on stderr (tty) how many were suppressed and by what', async () => {
    const repo = repoWith({ ...files, '.migrate.ini': '[scan]\nignore = busybox/*\n' });
    const md = await runInProcess('scan', repo, '--ignore', 'shell/apt-install');
    expect(md.stdout).toMatch(/\| Suppressed \(not counted above\) \| 3 \(3 by \.migrate\.ini or --ignore\): shell\/apt-install 2, busybox\/bash-script 1 \|/);
    const tty = await runInProcess('scan', repo, '--format', 'tty', '--ignore', 'shell/apt-install');
    expect(tty.stdout).toBe('');
    expect(tty.stderr).toMatch(/3 finding\(s\) suppressed/);
  });

  it('marks suppressed results in SARIF as SARIF says, and the log stays valid', async () => {
    const repo = repoWith({ 'a.sh': '#!/bin/sh\n# migrate: ignore=shell/apt-install\napt-get install -y curl\n', '.migrate.ini': '[scan]\nignore = scan/lfs-pointer\n' });
    const log = JSON.parse((await runInProcess('scan', repo, '--format', 'sarif')).stdout);
    const results = log.runs[0].results as { ruleId: string; suppressions?: { kind: string }[] }[];
    expect(results.filter((x) => x.ruleId === 'shell/apt-install').map((x) => x.suppressions)).toEqual([[{ kind: 'inSource', justification: expect.any(String) }]]);
    const require = createRequire(import.meta.url);
    const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: unknown): (d: unknown) => boolean };
    const ajv = new Ajv04({ strict: false, unicodeRegExp: false });
    (require('ajv-formats') as (a: unknown) => void)(ajv);
    expect(ajv.compile(JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')))(log)).toBe(true);
  });
});

describe('a command\'s own section over [scan]', () => {
  it('adds its ignore and exclude to [scan]\'s, and its arch and release win', () => {
    const repo = repoWith({ '.migrate.ini': '[scan]\nignore = shell/apt-install\nexclude = vendor/\narch = x86_64\nrelease = 3.22\n[generate]\nignore = busybox/*\narch = aarch64\n' });
    const config = readRepoConfig(repo);
    expect(settingsFor(config, 'generate')).toMatchObject({ ignore: ['shell/apt-install', 'busybox/*'], exclude: ['vendor/'], arch: 'aarch64', release: '3.22' });
    // Commands without a section of their own use [scan] as it is.
    expect(settingsFor(config, 'openrc')).toBe(config.scan);
  });

  it('refuses fail-on, which only scan has, with one line', async () => {
    const r = await runInProcess('generate', repoWith({ 'a.sh': '#!/bin/sh\n', '.migrate.ini': '[generate]\nfail-on = error\n' }), '--dry-run');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[generate\] fail-on is not a setting; use ignore, exclude, arch, release\n$/);
  });
});

describe('--exclude as .gitignore lines', () => {
  const repo = repoWith({
    'top.sh': 'apt-get install -y a\n',
    'deep/er/x.sh': 'apt-get install -y b\n',
    'firmware/f/run.sh': 'apt-get install -y c\n',
    'docs/firmware': 'apt-get install -y d\n',
    'keep/keep.sh': 'apt-get install -y e\n',
    'keep/drop.sh': 'apt-get install -y f\n',
  });
  const files = async (...exclude: string[]) => (await scan(repo, { exclude })).files.map((f) => f.file).filter((f) => f.endsWith('.sh') || f.includes('firmware'));

  it.each([
    [['*.sh'], ['docs/firmware']],
    [['firmware/'], ['deep/er/x.sh', 'docs/firmware', 'keep/drop.sh', 'keep/keep.sh', 'top.sh']],
    [['firmware'], ['deep/er/x.sh', 'keep/drop.sh', 'keep/keep.sh', 'top.sh']],
    [['/top.sh'], ['deep/er/x.sh', 'docs/firmware', 'firmware/f/run.sh', 'keep/drop.sh', 'keep/keep.sh']],
    [['keep/*', '!keep/keep.sh'], ['deep/er/x.sh', 'docs/firmware', 'firmware/f/run.sh', 'keep/keep.sh', 'top.sh']],
    [['deep/**/*.sh'], ['docs/firmware', 'firmware/f/run.sh', 'keep/drop.sh', 'keep/keep.sh', 'top.sh']],
  ])('%j leaves %j', async (exclude, left) => {
    expect(await files(...exclude)).toEqual(left);
  });
});
