/** .gitignore read as git reads it, for what verify calls the build's own output. */
import { describe, expect, it } from 'vitest';
import { buildOutputOf, readGitignore } from '../../src/verify/build-output.js';

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
