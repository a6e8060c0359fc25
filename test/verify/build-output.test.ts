/** .gitignore read as git reads it, for what verify calls the build's own output. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOutputOf, buildOutputReader, readGitignore } from '../../src/verify/build-output.js';

describe('buildOutputOf', () => {
  const rules = readGitignore(['# comment', 'output/', '/build/', '*.tar.gz', 'tmp', '!output/keep/', 'docs/*.html', ''].join('\n'));
  it.each([
    ['output/linux-headers/include/', '.gitignore:2 output/'],
    ['userspace/output/x', '.gitignore:2 output/'],
    ['build/x.img', '.gitignore:3 /build/'],
    ['sub/build/x', null],
    ['a/b/rootfs.tar.gz', '.gitignore:4 *.tar.gz'],
    ['tmp', '.gitignore:5 tmp'],
    ['output', null],
    ['output/keep/file', '.gitignore:2 output/'],
    ['docs/a.html', '.gitignore:7 docs/*.html'],
    ['docs/x/a.html', null],
    ['userspace/files/a.service', null],
  ])('%s', (path, rule) => {
    const why = buildOutputOf(rules, path);
    expect(why === null ? null : /\((\.gitignore:\d+ [^)]+)\)/.exec(why)![1]).toBe(rule);
  });
});

describe('buildOutputReader', () => {
  it('reads a regular .gitignore only: never a link out of the repository, a directory or a huge file', () => {
    const outside = mkdtempSync(join(tmpdir(), 'migrate-gi-outside-'));
    writeFileSync(join(outside, 'ignore'), 'output/\n');
    const cases: [string, (dir: string) => void, boolean][] = [
      ['a regular file', (d) => writeFileSync(join(d, '.gitignore'), 'output/\n'), true],
      ['a link out of the repository', (d) => symlinkSync(join(outside, 'ignore'), join(d, '.gitignore')), false],
      ['a directory', (d) => mkdirSync(join(d, '.gitignore')), false],
      ['over 1 MiB', (d) => writeFileSync(join(d, '.gitignore'), `output/\n${'#'.repeat(1024 * 1024)}\n`), false],
    ];
    const read = cases.map(([name, make]) => {
      const dir = mkdtempSync(join(tmpdir(), 'migrate-gi-'));
      make(dir);
      return [name, buildOutputReader(dir)('output/x') !== null];
    });
    expect(read).toEqual(cases.map(([name, , expected]) => [name, expected]));
  });
});
