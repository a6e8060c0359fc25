import { DEFAULT_RELEASE } from '../../src/convert/project.js';
/**
 * Oracle: the real musl dynamic linker of Alpine 3.20.3, run in a chroot of the real minirootfs,
 * alone and with the real gcompat 1.1.0 preloaded, judges 200+ real glibc ELF files of this
 * machine and programs compiled here. Our verdicts, from the tables shipped in mappings/libc/,
 * must agree with it on every file, and our lists of missing symbols must equal its "symbol not
 * found" lists, with and without gcompat.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLibcTables, openDb } from '../../src/db/database.js';
import { readGcompatTable, readMuslTable } from '../../src/elf/musl-import.js';
import { parseElf, type ElfInfo } from '../../src/elf/parse.js';
import { providedByMusl, verdictFor } from '../../src/elf/verdict.js';
import { ALPINE, hasTool, need, needShared } from '../support.js';
import { elfCorpus } from './corpus.js';

const TARBALL = join(ALPINE, 'alpine-minirootfs-3.20.3-x86_64.tar.gz');
const GCOMPAT = join(ALPINE, 'gcompat-1.1.0', 'libgcompat.so.0');
const ok =
  needShared('alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz', 'alpine/gcompat-1.1.0/libgcompat.so.0') &&
  need('root and chroot (the musl loader runs inside the Alpine root)', process.getuid?.() === 0 && hasTool('chroot')) &&
  need('an x86_64 machine', process.arch === 'x64');

/** Programs compiled here against glibc: what a vendor's blob is made of. */
const PROGRAMS: Record<string, string> = {
  fortify: '#include <stdio.h>\nint main(int c, char **v) { printf("%s %d\\n", v[0], c); return 0; }\n',
  backtrace: '#include <execinfo.h>\n#include <stdio.h>\nint main(void) { void *b[8]; int n = backtrace(b, 8); backtrace_symbols_fd(b, n, 1); return 0; }\n',
  mallinfo2: '#include <malloc.h>\n#include <stdio.h>\nint main(void) { struct mallinfo2 m = mallinfo2(); printf("%zu\\n", m.arena); return 0; }\n',
  fenv: '#define _GNU_SOURCE\n#include <fenv.h>\nint main(void) { return feenableexcept(FE_INVALID) < 0; }\n',
};

describe.skipIf(!ok)('verdicts agree with the musl loader, alone and with gcompat', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'migrate-musl-'));
    execFileSync('tar', ['-xzf', TARBALL, '-C', root]);
    mkdirSync(join(root, 't'));
    copyFileSync(GCOMPAT, join(root, 'lib', 'libgcompat.so.0'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The loader's "symbol not found" names for the file, and whether it loads at all. */
  function loader(i: number, preload: boolean): { ok: boolean; missing: string[]; output: string } {
    const r = spawnSync('chroot', [root, '/lib/ld-musl-x86_64.so.1', ...(preload ? ['--preload', '/lib/libgcompat.so.0'] : []), '--list', `/t/${i}`], { encoding: 'utf8' });
    const output = `${r.stdout}${r.stderr}`;
    return { ok: !/Error (relocating|loading)/.test(output), missing: [...new Set([...output.matchAll(/Error relocating [^:]+: (.+): symbol not found/g)].map((m) => m[1]!))].sort(), output };
  }

  function compare(corpus: { path: string; info: ElfInfo }[], tables: ReturnType<ReturnType<typeof loadLibcTables>>) {
    const disagreements: string[] = [];
    const counts = { 'runs-on-musl': 0, 'runs-with-gcompat': 0, 'needs-rebuild': 0 } as Record<string, number>;
    corpus.forEach(({ path, info }, i) => {
      copyFileSync(path, join(root, 't', String(i)));
      const alone = loader(i, false);
      const withGcompat = loader(i, true);
      const v = verdictFor(info, { targetArch: 'x86_64', muslSymbols: tables.musl!.symbols, gcompatSymbols: tables.gcompat!.symbols });
      counts[v.verdict] = (counts[v.verdict] ?? 0) + 1;
      // The loader ignores PT_INTERP under --list: glibc's loader path is judged by the verdict alone.
      const oursAlone = v.missingSymbols.length === 0 && info.irelative === 0;
      const oursWith = v.verdict === 'runs-on-musl' || v.verdict === 'runs-with-gcompat';
      if (oursAlone !== alone.ok || JSON.stringify(v.missingSymbols) !== JSON.stringify(alone.missing)) disagreements.push(`${path} alone: ours [${v.missingSymbols.join(' ')}], loader [${alone.missing.join(' ')}]`);
      if (oursWith !== withGcompat.ok || JSON.stringify(v.missingWithGcompat) !== JSON.stringify(withGcompat.missing)) disagreements.push(`${path} with gcompat: ours ${v.verdict} [${v.missingWithGcompat.join(' ')}], loader [${withGcompat.missing.join(' ')}]`);
      rmSync(join(root, 't', String(i)));
    });
    return { disagreements, counts };
  }

  it('ships the tables the real files export', () => {
    const db = openDb('dist/default.db', { readonly: true });
    const tables = loadLibcTables(db, DEFAULT_RELEASE)('x86_64');
    db.close();
    expect([...tables.musl!.symbols].sort()).toEqual(readMuslTable(TARBALL).symbols);
    expect([...tables.gcompat!.symbols].sort()).toEqual(readGcompatTable(GCOMPAT).symbols);
  });

  it('on at least 200 real x86_64 ELF files linked only against the C library', () => {
    const db = openDb('dist/default.db', { readonly: true });
    const tables = loadLibcTables(db, DEFAULT_RELEASE)('x86_64');
    db.close();
    const corpus = elfCorpus((i) => i.machine === 'x86_64' && !i.isStatic && i.needed.length > 0 && i.needed.every(providedByMusl), 260);
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const { disagreements, counts } = compare(corpus, tables);
    expect(disagreements).toEqual([]);
    // Every rung must be represented, or the comparison proves little.
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  });

  it.skipIf(!need('gcc (apt-get install gcc)', hasTool('gcc')))('on programs compiled here: _FORTIFY_SOURCE and backtrace load with gcompat, mallinfo2 and feenableexcept do not', () => {
    const db = openDb('dist/default.db', { readonly: true });
    const tables = loadLibcTables(db, DEFAULT_RELEASE)('x86_64');
    db.close();
    const dir = mkdtempSync(join(tmpdir(), 'migrate-cc-'));
    const corpus = Object.entries(PROGRAMS).map(([name, source]) => {
      writeFileSync(join(dir, `${name}.c`), source);
      execFileSync('gcc', ['-O2', '-D_FORTIFY_SOURCE=2', '-o', join(dir, name), join(dir, `${name}.c`), '-lm']);
      return { path: join(dir, name), info: parseElf(readFileSync(join(dir, name))) };
    });
    const { disagreements } = compare(corpus, tables);
    expect(disagreements).toEqual([]);
    const verdicts = corpus.map((c) => [c.path.slice(dir.length + 1), verdictFor(c.info, { targetArch: 'x86_64', muslSymbols: tables.musl!.symbols, gcompatSymbols: tables.gcompat!.symbols }).verdict]);
    expect(verdicts).toEqual([['fortify', 'runs-with-gcompat'], ['backtrace', 'runs-with-gcompat'], ['mallinfo2', 'needs-rebuild'], ['fenv', 'needs-rebuild']]);
  });
});
