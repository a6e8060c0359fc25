/**
 * Oracle: the real musl dynamic linker of Alpine 3.20.3, run in a chroot of the real minirootfs,
 * judges 200+ real glibc ELF files of this machine. Our verdict must agree with it on every file,
 * and our list of missing symbols must equal its "symbol not found" list.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMuslTable } from '../../src/elf/musl-import.js';
import { providedByMusl, verdictFor } from '../../src/elf/verdict.js';
import { ALPINE, hasTool, need, needShared } from '../support.js';
import { elfCorpus } from './corpus.js';

const TARBALL = join(ALPINE, 'alpine-minirootfs-3.20.3-x86_64.tar.gz');
const ok =
  needShared('alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz') &&
  need('root and chroot (the musl loader runs inside the Alpine root)', process.getuid?.() === 0 && hasTool('chroot')) &&
  need('an x86_64 machine', process.arch === 'x64');

describe.skipIf(!ok)('verdicts agree with the musl loader', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'migrate-musl-'));
    execFileSync('tar', ['-xzf', TARBALL, '-C', root]);
    mkdirSync(join(root, 't'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('on at least 200 real x86_64 ELF files linked only against the C library', () => {
    const musl = readMuslTable(TARBALL);
    expect(musl.arch).toBe('x86_64');
    expect(musl.symbols.length).toBeGreaterThan(1500);
    const symbols = new Set(musl.symbols);
    const corpus = elfCorpus((i) => i.machine === 'x86_64' && !i.isStatic && i.needed.length > 0 && i.needed.every(providedByMusl), 260);
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const disagreements: string[] = [];
    let runs = 0;
    corpus.forEach(({ path, info }, i) => {
      copyFileSync(path, join(root, 't', String(i)));
      const r = spawnSync('chroot', [root, '/lib/ld-musl-x86_64.so.1', '--list', `/t/${i}`], { encoding: 'utf8' });
      const output = `${r.stdout}${r.stderr}`;
      const loaderMissing = [...output.matchAll(/Error relocating [^:]+: (.+): symbol not found/g)].map((m) => m[1]!).sort();
      const loaderOk = !/Error (relocating|loading)/.test(output);
      const v = verdictFor(info, { targetArch: 'x86_64', muslSymbols: symbols });
      const oursOk = v.verdict === 'runs-on-musl' || v.verdict === 'runs-with-gcompat';
      if (oursOk) runs++;
      if (oursOk !== loaderOk || JSON.stringify(v.missingSymbols) !== JSON.stringify([...new Set(loaderMissing)])) {
        disagreements.push(`${path}: ours ${v.verdict} [${v.missingSymbols.join(' ')}], loader [${loaderMissing.join(' ')}]`);
      }
      rmSync(join(root, 't', String(i)));
    });
    expect(disagreements).toEqual([]);
    // Both outcomes must be represented, or the comparison proves little.
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(corpus.length);
  });
});
