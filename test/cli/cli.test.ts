import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

const EXAMPLE = 'examples/ubuntu-image';
const tmp = mkdtempSync(join(tmpdir(), 'migrate-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('exit codes and errors', () => {
  it.each([
    [['scan'], 2, /missing DIR/],
    [['scan', 'does/not/exist'], 2, /no such directory/],
    [['scan', 'package.json'], 2, /is a file, not a directory/],
    [['scan', EXAMPLE, '--format', 'xml'], 2, /format.*xml/], // names the argument and the value, on one line
    [['scan', EXAMPLE, '--bogus'], 2, /bogus/],
    [[], 2, /Name a command/],
    [['scan', EXAMPLE, '--out', `${EXAMPLE}/report.md`], 2, /inside the scanned repository/],
    // A directory where a file is expected: a one-line error with its exit code, never exit 70.
    [['scan', EXAMPLE, '--baseline', 'templates'], 2, /--baseline templates: cannot read it as a JSON report \(EISDIR\)/],
    [['scan', EXAMPLE, '--db', 'templates'], 3, /cannot open templates as a database/],
    [['scan', EXAMPLE, '--out', tmp], 3, /cannot write .*: EISDIR/],
    [['lookup', 'curl', '--db', 'templates'], 3, /cannot open templates as a database/],
    [['db', 'import-musl', 'templates'], 2, /no lib\/ld-musl-\*\.so\.1 under templates/],
  ])('%j exits %i with one line', async (argv, code, pattern) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe(''); // the command did not run
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    ['none', 0],
    ['error', 1],
    ['warning', 1],
  ])('--fail-on %s exits %i on the example', async (level, code) => {
    expect((await run('scan', EXAMPLE, '--fail-on', level)).code).toBe(code);
  });

  it('exits 0 with --fail-on error on a tree with no findings', async () => {
    expect((await run('scan', 'templates', '--fail-on', 'error')).code).toBe(0);
  });
});

describe('outputs', () => {
  it('--json follows the documented schema', async () => {
    const r = await run('scan', EXAMPLE, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync('reports/scan-report.schema.json', 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(report.packages.find((p: { name: string }) => p.name === 'libc6')).toMatchObject({
      name: 'libc6', arch: 'armhf', version: null, manager: 'apt-fast', source: 'repository', file: 'userspace/base_setup.sh', line: 19,
      alpine: { names: ['musl'], status: 'multiarch' },
    });
  });

  it('--out writes the report and a one-line summary to stderr', async () => {
    const out = join(tmp, 'nested', 'r.md');
    const r = await run('scan', EXAMPLE, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/^# Alpine parity report: ubuntu-image/);
    expect(r.stderr).toMatch(/^wrote .*r\.md: 24 package installs, \d+ findings/);
  });

  it('--exclude skips paths', async () => {
    const r = JSON.parse((await run('scan', EXAMPLE, '--json', '--exclude', 'userspace/**')).stdout);
    const files = new Set(r.packages.map((p: { file: string }) => p.file));
    expect([...files]).toEqual(['Dockerfile.image']); // the example's only install site outside userspace/
  });

  it('rules lists every rule once, with --json too', async () => {
    const text = await run('rules');
    const json = JSON.parse((await run('rules', '--json')).stdout) as { id: string }[];
    expect(text.stdout.trim().split('\n')).toHaveLength(json.length);
    expect(json.map((r) => r.id)).toContain('shell/unresolved-package-list');
  });

  it('--help and --version', async () => {
    expect((await run('scan', '--help')).stdout).toMatch(/--fail-on/);
    expect((await run('--version')).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('the installed bin', () => {
  it('runs from bin/migrate.js like a user runs it', () => {
    if (!existsSync('dist/migrate.mjs')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
    const r = spawnSync(process.execPath, ['bin/migrate.js', 'scan', EXAMPLE, '--fail-on', 'error'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/## Packages/);
    const missing = spawnSync(process.execPath, ['bin/migrate.js', 'scan', 'nope'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('migrate: nope: no such directory. Give the path of the repository to scan, e.g. migrate scan ./agnos-builder\n');
  });
});

describe('lookup and db commands', () => {
  it('lookup --json answers with kind, confidence and reason', async () => {
    const r = await run('lookup', 'build-essential', 'libc6:armhf', '--json', '--db', 'dist/default.db');
    expect(r.code).toBe(0);
    const answers = JSON.parse(r.stdout);
    expect(answers.map((a: { debian: string; alpine: string[]; status: string }) => [a.debian, a.alpine, a.status])).toEqual([
      ['build-essential', ['build-base'], 'renamed'],
      ['libc6', ['musl'], 'multiarch'],
    ]);
    expect(answers.every((a: { reason: string; confidence: string }) => a.reason.length > 10 && ['high', 'medium', 'low'].includes(a.confidence))).toBe(true);
  });

  it('lookup with a missing database says how to make one', async () => {
    const r = await run('lookup', 'curl', '--db', join(tmp, 'none.db'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/migrate db build --db/);
  });

  it('db build then stats', async () => {
    const db = join(tmp, 'built.db');
    expect((await run('db', 'build', '--db', db)).code).toBe(0);
    const s = JSON.parse((await run('db', 'stats', '--db', db, '--json')).stdout);
    expect(Object.values(s.mappings as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(800);
    // The embedded catalogues, each with its date: Alpine main per release, community, Debian 12.
    const labels = (s.sources as { label: string; kind: string; date: string }[]).map((x) => `${x.kind} ${x.label}`);
    expect(labels).toEqual(expect.arrayContaining(['snapshot v3.22/main/x86_64', 'snapshot v3.18/community/x86_64', 'snapshot v3.17/main/aarch64', 'snapshot debian-12/main/amd64']));
    expect((s.sources as { date: string | null }[]).every((x) => x.date)).toBe(true);
    expect(s.alpinePackages).toBeGreaterThan(30_000);
  });

  it('db build rebuilds a database of an older schema, saying its imports are gone, and refuses any other file', async () => {
    const db = join(tmp, 'old.db');
    expect((await run('db', 'build', '--db', db)).code).toBe(0);
    const d = new Database(db);
    d.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    d.close();
    const r = await run('db', 'build', '--db', db, '--json');
    expect([r.code, JSON.parse(r.stdout).replacedOldSchema]).toEqual([0, true]);
    expect(r.stderr).toMatch(/older schema/);
    const notDb = join(tmp, 'notes.txt');
    writeFileSync(notDb, 'not a database\n');
    const refused = await run('db', 'build', '--db', notDb);
    expect([refused.code, refused.stderr.trim().split('\n').length]).toEqual([2, 1]);
    expect(readFileSync(notDb, 'utf8')).toBe('not a database\n');
  });

  it('db import refuses a file that is no index, in one line', async () => {
    const r = await run('db', 'import', 'package.json', '--db', join(tmp, 'imp.db'), '--allow-untrusted');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/neither an APKINDEX/);
  });

  it('scan puts the Alpine answer beside each package', async () => {
    const r = JSON.parse((await run('scan', EXAMPLE, '--json', '--db', 'dist/default.db')).stdout);
    const be = r.packages.find((p: { name: string }) => p.name === 'build-essential');
    expect(be.alpine).toMatchObject({ names: ['build-base'], status: 'renamed', confidence: 'high', provenance: 'curated' });
    expect(r.packages.find((p: { source: string }) => p.source === 'local-deb').alpine).toBeNull();
    expect(r.summary.byStatus.multiarch).toBe(2);
  });
});
