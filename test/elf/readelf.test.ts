/**
 * Oracle: binutils' readelf reads the same files; NEEDED, SONAME, RUNPATH, the interpreter, and
 * every undefined dynamic symbol with its required version must match what we parse.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfError, parseElf } from '../../src/elf/parse.js';
import { hasTool, need } from '../support.js';
import { elfCorpus } from './corpus.js';

const ok = need('readelf (binutils)', hasTool('readelf')) && need('an x86_64 machine (the corpus is of its own x86_64 binaries)', process.arch === 'x64');

function readelfFacts(path: string) {
  const dyn = execFileSync('readelf', ['-d', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const tag = (t: string) => [...dyn.matchAll(new RegExp(`\\(${t}\\)\\s+\\S+.*?\\[(.*)\\]`, 'g'))].map((m) => m[1]!);
  const hdr = execFileSync('readelf', ['-l', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const interp = /\[Requesting program interpreter: (.*)\]/.exec(hdr)?.[1] ?? null;
  const syms = execFileSync('readelf', ['--dyn-syms', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const undef = new Set<string>();
  for (const line of syms.split('\n')) {
    const f = line.trim().split(/\s+/);
    // Num: Value Size Type Bind Vis Ndx Name
    if (f.length >= 8 && f[6] === 'UND' && f[7]) undef.add(f[7].replace(/ \(\d+\)$/, ''));
  }
  return { needed: tag('NEEDED'), soname: tag('SONAME')[0] ?? null, runpath: tag('RUNPATH')[0] ?? null, interp, undef };
}

describe.skipIf(!ok)('ELF parser against readelf', () => {
  it('agrees on 60 real programs and libraries', () => {
    const failures: string[] = [];
    const corpus = elfCorpus((i) => i.machine === 'x86_64', 400, failures).filter((_, i) => i % 6 === 0).slice(0, 60);
    expect(corpus.length).toBe(60);
    expect(failures).toEqual([]); // no real ELF file of this machine is rejected
    for (const { path, info } of corpus) {
      const r = readelfFacts(path);
      expect({ path, needed: info.needed, soname: info.soname, runpath: info.runpath, interp: info.interpreter }).toEqual({ path, needed: r.needed, soname: r.soname, runpath: r.runpath, interp: r.interp });
      const ours = new Set(info.imports.map((s) => (s.version ? `${s.name}@${s.version}` : s.name)));
      expect([...ours].sort(), path).toEqual([...r.undef].sort());
    }
  });
});

describe('corrupt ELF input gives an error, never a crash or an out-of-range read', () => {
  const real = readFileSync(process.execPath);
  it.each([
    ['truncated header', real.subarray(0, 40)],
    ['truncated sections', real.subarray(0, 4096)],
    ['bad class', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 9, 1, 1]), Buffer.alloc(60)])],
    ['huge section offset', (() => { const b = Buffer.from(real.subarray(0, 1 << 20)); b.writeBigUInt64LE(0xffffffffffn, 40); return b; })()],
    ['zeroed section header table', (() => { const b = Buffer.from(real); const shoff = Number(b.readBigUInt64LE(40)); b.fill(0xff, shoff, Math.min(b.length, shoff + 64 * 8)); return b; })()],
  ])('%s', (_n, bytes) => {
    expect(() => parseElf(bytes)).toThrow(ElfError);
  });

  it('a version-need chain that claims 65,535 records per entry over megabytes is refused, not walked for minutes', () => {
    // /usr/bin/true's .gnu.version_r moved to 2 MiB of entries whose aux list is the entry itself
    // (vn_cnt 65535, vn_aux 0, vn_next 16): 10,000 x 65,535 steps for a walk that trusts the counts.
    const base = Buffer.from(readFileSync('/usr/bin/true'));
    const region = Buffer.alloc(2 << 20);
    for (let o = 0; o + 16 <= region.length; o += 16) {
      region.writeUInt16LE(1, o);
      region.writeUInt16LE(0xffff, o + 2);
      region.writeUInt32LE(0, o + 8);
      region.writeUInt32LE(16, o + 12);
    }
    const b = Buffer.concat([base, region]);
    const shoff = Number(b.readBigUInt64LE(40));
    const shentsize = b.readUInt16LE(58);
    const shnum = b.readUInt16LE(60);
    let found = false;
    for (let i = 0; i < shnum; i++) {
      const h = shoff + i * shentsize;
      if (b.readUInt32LE(h + 4) !== 0x6ffffffe) continue; // SHT_GNU_VERNEED
      b.writeBigUInt64LE(BigInt(base.length), h + 24);
      b.writeBigUInt64LE(BigInt(region.length), h + 32);
      found = true;
    }
    expect(found).toBe(true);
    // A walk of the claimed counts would outlast the test's timeout.
    expect(() => parseElf(b)).toThrow(/version-need chain is longer than its section/);
  });

  it('names that run on for megabytes (many symbols, one endless string) are refused, not copied', () => {
    // Node's own binary has tens of thousands of dynamic symbols; with every NUL of .dynstr
    // overwritten, each name would run to the table's end: gigabytes if copied one by one.
    const b = Buffer.from(real);
    const shoff = Number(b.readBigUInt64LE(40));
    const shentsize = b.readUInt16LE(58);
    const section = (i: number) => ({ type: b.readUInt32LE(shoff + i * shentsize + 4), offset: Number(b.readBigUInt64LE(shoff + i * shentsize + 24)), size: Number(b.readBigUInt64LE(shoff + i * shentsize + 32)), link: b.readUInt32LE(shoff + i * shentsize + 40) });
    const dynsym = Array.from({ length: b.readUInt16LE(60) }, (_, i) => section(i)).find((sh) => sh.type === 11)!;
    const dynstr = section(dynsym.link);
    expect(dynsym.size / 24).toBeGreaterThan(1000);
    b.fill(0x41, dynstr.offset + 1, dynstr.offset + dynstr.size - 1);
    expect(() => parseElf(b)).toThrow(/longer than 65536 bytes/);
  });

  it('random bytes after a valid header never throw anything but ElfError', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let threw = 0;
    for (let n = 0; n < 200; n++) {
      const b = Buffer.from(real.subarray(0, 1 << 16));
      for (let k = 0; k < 20; k++) b[64 + Math.floor(rand() * (b.length - 64))] = Math.floor(rand() * 256);
      try {
        parseElf(b);
      } catch (err) {
        threw++;
        expect(err).toBeInstanceOf(ElfError);
      }
    }
    expect(threw).toBeGreaterThan(0); // a 64 KiB prefix of a real binary is truncated: some must be refused
  });
});
