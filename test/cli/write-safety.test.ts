/**
 * A repository cannot steer migrate's writes: no file is created or replaced through a symbolic
 * link (dangling or not, at the file or at a directory above it), into .git/, or, for scan --out,
 * anywhere that resolves into the scanned tree.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './run.js';

const run = runInProcess;

function example(): { repo: string; outside: string } {
  const repo = mkdtempSync(join(tmpdir(), 'migrate-links-repo-'));
  cpSync('examples/ubuntu-image', repo, { recursive: true });
  return { repo, outside: mkdtempSync(join(tmpdir(), 'migrate-links-outside-')) };
}

describe('writes never follow a link out of the repository', () => {
  it('generate refuses a dangling link at a sibling path, and an unedited generated file reached through a link', async () => {
    const { repo, outside } = example();
    symlinkSync(join(outside, 'created-here.sh'), join(repo, 'build_alpine.sh'));
    // A generated, unedited file outside, reached through a link: it must not be replaced either.
    const first = example();
    expect((await run('generate', first.repo, '--db', 'dist/default.db')).code).toBe(0);
    cpSync(join(first.repo, 'Dockerfile.alpine'), join(outside, 'Dockerfile.alpine'));
    const before = readFileSync(join(outside, 'Dockerfile.alpine'), 'utf8');
    writeFileSync(join(repo, 'Dockerfile.image'), `${readFileSync(join(repo, 'Dockerfile.image'), 'utf8')}RUN true\n`);
    symlinkSync(join(outside, 'Dockerfile.alpine'), join(repo, 'Dockerfile.alpine'));
    const r = await run('generate', repo, '--db', 'dist/default.db', '--json');
    const outcomes = Object.fromEntries((JSON.parse(r.stdout).files as { path: string; outcome: string }[]).map((f) => [f.path, f.outcome]));
    expect([outcomes['build_alpine.sh'], outcomes['Dockerfile.alpine']]).toEqual(['refused-link', 'refused-link']);
    expect(existsSync(join(outside, 'created-here.sh'))).toBe(false);
    expect(readFileSync(join(outside, 'Dockerfile.alpine'), 'utf8')).toBe(before);
  });

  it('openrc writes nothing into a linked directory above its files (the parallel alpine/ tree here)', async () => {
    const { repo, outside } = example();
    symlinkSync(outside, join(repo, 'alpine'));
    const r = await run('openrc', repo, '--json');
    expect(readdirSync(outside)).toEqual([]);
    expect(r.stdout).toContain('refused-link');
  });

  it('a [siblings] name into .git/ is refused', async () => {
    const { repo } = example();
    mkdirSync(join(repo, '.git/hooks'), { recursive: true });
    writeFileSync(join(repo, '.migrate.ini'), '[siblings]\nbuild_system.sh = .git/hooks/post-checkout\n');
    await run('generate', repo, '--db', 'dist/default.db');
    expect(existsSync(join(repo, '.git/hooks/post-checkout'))).toBe(false);
  });

  it('scan --out refuses a link into the repository, dangling or not', async () => {
    const { repo, outside } = example();
    const original = readFileSync(join(repo, 'build_system.sh'), 'utf8');
    symlinkSync(join(repo, 'build_system.sh'), join(outside, 'report.md'));
    symlinkSync(join(repo, 'new-file.md'), join(outside, 'dangling.md'));
    for (const out of ['report.md', 'dangling.md']) {
      const r = await run('scan', repo, '--out', join(outside, out));
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('is inside the scanned repository')]);
    }
    expect(readFileSync(join(repo, 'build_system.sh'), 'utf8')).toBe(original);
    expect(existsSync(join(repo, 'new-file.md'))).toBe(false);
  });
});
