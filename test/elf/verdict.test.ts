import { DEFAULT_RELEASE } from '../../src/convert/project.js';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readTar } from '../../src/archive/tar.js';
import { readMuslTable } from '../../src/elf/musl-import.js';
import { loadLibcTables, openDb } from '../../src/db/database.js';
import type { ElfInfo } from '../../src/elf/parse.js';
import { providedByMusl, verdictFor } from '../../src/elf/verdict.js';
import { scan } from '../../src/scan/scanner.js';
import { ALPINE, need, needShared } from '../support.js';
import { elfCorpus } from './corpus.js';

describe('libraries musl answers itself', () => {
  it.each([
    ['libc.so.6', true],
    ['libpthread.so.0', true],
    ['libm.so.6', true],
    ['libdl.so.2', true],
    ['librt.so.1', true],
    ['libcrypt.so.1', false],
    ['libresolv.so.2', false],
    ['libstdc++.so.6', false],
    ['ld-linux-x86-64.so.2', false],
  ])('%s: %s', (lib, musl) => expect(providedByMusl(lib)).toBe(musl));
});

const ok = needShared('alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz', 'alpine/alpine-minirootfs-3.20.3-aarch64.tar.gz') && need('an x86_64 machine (the corpus is of its own x86_64 binaries)', process.arch === 'x64');

describe.skipIf(!ok)('verdicts in a scan, with the real musl symbol table', () => {
  const tarball = join(ALPINE, 'alpine-minirootfs-3.20.3-x86_64.tar.gz');

  it('tells programs that run, need gcompat, need a rebuild, or are for another architecture', async () => {
    const musl = new Set(readMuslTable(tarball).symbols);
    const db = openDb('dist/default.db', { readonly: true });
    const libc = loadLibcTables(db, DEFAULT_RELEASE);
    // The tables are read when asked for: the database stays open until the test ends.
    onTestFinished(() => {
      db.close();
    });
    const gcompatSymbols = libc('x86_64').gcompat!.symbols;
    const judge = (info: ElfInfo) => verdictFor(info, { targetArch: 'x86_64', muslSymbols: musl, gcompatSymbols }).verdict;
    const repo = mkdtempSync(join(tmpdir(), 'migrate-elfs-'));
    // Real glibc programs of this machine, picked by what the verdict logic says, then judged in a scan.
    const corpus = elfCorpus((i) => i.machine === 'x86_64' && i.interpreter !== null && i.needed.every(providedByMusl), 300);
    const gcompat = corpus.find((c) => judge(c.info) === 'runs-with-gcompat');
    const rebuild = corpus.find((c) => judge(c.info) === 'needs-rebuild');
    expect(gcompat && rebuild).toBeTruthy();
    copyFileSync(gcompat!.path, join(repo, 'gcompat-ok'));
    copyFileSync(rebuild!.path, join(repo, 'rebuild'));
    // The aarch64 musl loader is a real aarch64 ELF: on an x86_64 target it is the wrong architecture.
    const arm = readTar(gunzipSync(readFileSync(join(ALPINE, 'alpine-minirootfs-3.20.3-aarch64.tar.gz')))).find((e) => e.name.endsWith('lib/ld-musl-aarch64.so.1'))!;
    writeFileSync(join(repo, 'arm.so'), arm.data);
    // The embedded tables (mappings/libc/, loaded by db build) are the ones the minirootfs has.
    expect([...libc('x86_64').musl!.symbols].sort()).toEqual([...musl].sort());
    const r = await scan(repo, { arch: 'x86_64', libc });
    expect([r.target.arch, r.target.archHow, r.target.musl, r.target.gcompat]).toEqual(['x86_64', '--arch', expect.stringMatching(/^musl 1\.2\.5, from alpine-minirootfs-3\.20\.3-x86_64\.tar\.gz/), expect.stringMatching(/^gcompat 1\.1\.0, from gcompat-1\.1\.0\/libgcompat\.so\.0/)]);
    expect(r.blobs.map((b) => [b.path, b.verdict])).toEqual([
      ['arm.so', 'foreign-arch'],
      ['gcompat-ok', 'runs-with-gcompat'],
      ['rebuild', 'needs-rebuild'],
    ]);
    expect(r.findings.map((f) => [f.file, f.rule])).toEqual([
      ['arm.so', 'elf/foreign-arch'],
      ['gcompat-ok', 'elf/runs-with-gcompat'],
      ['rebuild', 'elf/needs-rebuild'],
    ]);
    const rebuilt = r.blobs.find((b) => b.path === 'rebuild')!;
    expect(rebuilt.missingWithGcompat!.length).toBeGreaterThan(0);
    expect(rebuilt.missingWithGcompat!.every((n) => !gcompatSymbols.has(n))).toBe(true);
    // Without --arch, the one x86_64 ELF file against one aarch64: a tie goes to neither silently; the reason names both.
    const inferred = await scan(repo, { libc });
    expect(inferred.target.archHow).toMatch(/^most of its ELF files are: /);
  });
});

describe.skipIf(!ok)('libraries beyond libc', () => {
  it('are answered from the catalogue\'s so: provides, from the repository, or said to have no provider', async () => {
    const db = openDb('dist/default.db', { readonly: true });
    const tables = loadLibcTables(db, DEFAULT_RELEASE);
    onTestFinished(() => {
      db.close();
    });
    // A real program that needs zlib and one more library besides libc, and the library file it needs copied beside it.
    const corpus = elfCorpus((i) => i.machine === 'x86_64' && i.needed.includes('libz.so.1') && i.needed.some((n) => !providedByMusl(n) && n !== 'libz.so.1'), 1);
    expect(corpus).toHaveLength(1);
    const repo = mkdtempSync(join(tmpdir(), 'migrate-libs-'));
    copyFileSync(corpus[0]!.path, join(repo, 'prog'));
    const so = { catalogue: 'a test catalogue', providers: (s: string) => (s === 'libz.so.1' ? ['zlib'] : []) };
    const r = await scan(repo, { arch: 'x86_64', libc: (arch) => ({ ...tables(arch), so }) });
    const reason = r.blobs.find((b) => b.path === 'prog')!.reason;
    expect(reason).toContain('libz.so.1 (apk add zlib)');
    const other = corpus[0]!.info.needed.find((n) => !providedByMusl(n) && n !== 'libz.so.1')!;
    expect(reason).toContain(`${other} (no package in a test catalogue provides it: vendor it or rebuild)`);
    // Without indexes, nothing is claimed.
    const bare = await scan(repo, { arch: 'x86_64', libc: (arch) => ({ ...tables(arch), so: null }) });
    expect(bare.blobs.find((b) => b.path === 'prog')!.reason).toContain('libz.so.1 (not checked: no Alpine index in the database; migrate db sync)');
  });
});

describe('coprocessor firmware', () => {
  it('an ELF for the Hexagon DSP is firmware, not a wrong-architecture program', async () => {
    const { parseElf } = await import('../../src/elf/parse.js');
    const b = Buffer.from(readFileSync('/usr/bin/true'));
    b.writeUInt16LE(164, 18); // e_machine = EM_QDSP6
    const v = verdictFor(parseElf(b), { targetArch: 'aarch64', muslSymbols: new Set() });
    expect(v.verdict).toBe('firmware');
  });
});
