/**
 * ELF reader for what migration needs: class, byte order, machine, type, interpreter, dynamic
 * section (NEEDED, SONAME, RPATH, RUNPATH), the dynamic symbol table with the version each
 * undefined symbol requires (.gnu.version + .gnu.version_r), and defined dynamic symbols.
 * Written against the System V gABI and the LSB symbol-versioning spec; every offset is bounds
 * checked, so corrupt input raises ElfError instead of reading out of range.
 */
import { readTable } from '../knowledge/tables.js';
import { BufferBytes, type ElfBytes } from './file-view.js';
/** Longest symbol or library name accepted (long C++ template names stay well under this). */
const MAX_NAME = 64 * 1024;
/** All names of one file together, far above what real libraries carry. */
const MAX_NAME_BYTES = 64 * 1024 * 1024;

export class ElfError extends Error {}

/** e_machine -> name and the COPY / IRELATIVE relocation types (mappings/elf-machines.tsv). */
let machines: Map<number, { name: string; copy: number | null; irelative: number | null }> | undefined;
function machineTable() {
  machines ??= new Map(readTable('elf-machines.tsv').map(({ cells: [m, name, copy, irel] }) => [Number(m), { name: name!, copy: copy === '-' ? null : Number(copy), irelative: irel === '-' ? null : Number(irel) }]));
  return machines;
}

export interface ElfSymbol {
  name: string;
  /** Required version for an import (GLIBC_2.34), or the defined version for an export. */
  version: string | null;
  /** The library a version requirement names (libc.so.6), when known. */
  versionFile: string | null;
  weak: boolean;
  type: 'func' | 'object' | 'tls' | 'ifunc' | 'other';
}

/** A dynamic symbol some dynamic relocation refers to: what the loader must resolve. */
export interface ElfReference extends ElfSymbol {
  /** Defined in this file (an IFUNC definition is invisible to musl all the same). */
  defined: boolean;
  /** A COPY relocation: the definition must come from another object. */
  copy: boolean;
}

export interface ElfInfo {
  bits: 32 | 64;
  endian: 'little' | 'big';
  machine: string;
  type: 'exec' | 'dyn' | 'rel' | 'core' | 'other';
  interpreter: string | null;
  isStatic: boolean;
  soname: string | null;
  needed: string[];
  rpath: string | null;
  runpath: string | null;
  imports: ElfSymbol[];
  exports: ElfSymbol[];
  /** Symbols named by dynamic relocations (.rela.dyn, .rela.plt, .rel.*), deduplicated. */
  references: ElfReference[];
  /** Version requirements by library: { 'libc.so.6': ['GLIBC_2.2.5', 'GLIBC_2.34'] }. */
  versionNeeds: Record<string, string[]>;
  /** IRELATIVE relocations (GNU indirect functions resolved at load time): musl's loader refuses them. */
  irelative: number;
}

class Reader {
  constructor(
    readonly buf: ElfBytes,
    readonly le: boolean,
    readonly is64: boolean,
  ) {}
  /** `table`: a table the parser walks next (symbols, strings, relocations), read in one piece. */
  check(off: number, len: number, what: string, table = false): void {
    if (!Number.isSafeInteger(off) || off < 0 || len < 0 || off + len > this.buf.length) {
      throw new ElfError(`corrupt ELF: ${what} at offset ${off} (+${len}) lies outside the ${this.buf.length}-byte file`);
    }
    if (table) this.buf.hold?.(off, len);
  }
  u8(off: number): number {
    this.check(off, 1, 'byte');
    return this.buf.at(off)!;
  }
  u16(off: number): number {
    this.check(off, 2, 'half-word');
    return this.le ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off);
  }
  u32(off: number): number {
    this.check(off, 4, 'word');
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }
  addr(off: number): number {
    if (!this.is64) return this.u32(off);
    this.check(off, 8, 'address');
    const v = this.le ? this.buf.readBigUInt64LE(off) : this.buf.readBigUInt64BE(off);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`corrupt ELF: value ${v} at offset ${off} is too large`);
    return Number(v);
  }
  /** Bytes of names read so far: many symbols naming one huge string must not exhaust memory. */
  private nameBytes = 0;
  cstr(off: number, limit: number): string {
    this.check(off, 0, 'string');
    // Search only up to the table's end (and a name's longest plausible length), not the whole file.
    const stop = Math.min(limit, this.buf.length, off + MAX_NAME);
    const end = this.buf.offsetOf(0, off, stop);
    if (end < 0) throw new ElfError(stop === off + MAX_NAME ? `corrupt ELF: name at offset ${off} is longer than ${MAX_NAME} bytes` : `corrupt ELF: unterminated string at offset ${off}`);
    this.nameBytes += end;
    if (this.nameBytes > MAX_NAME_BYTES) throw new ElfError(`corrupt ELF: its names add up to more than ${MAX_NAME_BYTES >> 20} MiB`);
    return this.buf.toString('latin1', off, off + end);
  }
}

interface Section {
  name: string;
  type: number;
  offset: number;
  size: number;
  link: number;
  entsize: number;
  addr: number;
}

const SHT_DYNSYM = 11;
const SHT_GNU_VERSYM = 0x6fffffff;
const SHT_GNU_VERNEED = 0x6ffffffe;
const SHT_GNU_VERDEF = 0x6ffffffd;
const SHT_RELA = 4;
const SHT_REL = 9;
const PT_INTERP = 3;
const PT_DYNAMIC = 2;
const DT = { NEEDED: 1, STRTAB: 5, SONAME: 14, RPATH: 15, RUNPATH: 29 };

export function isElf(buf: Pick<ElfBytes, 'length' | 'at'>): boolean {
  return buf.length >= 4 && buf.at(0) === 0x7f && buf.at(1) === 0x45 && buf.at(2) === 0x4c && buf.at(3) === 0x46;
}

/** Reads only the parts of `buf` a verdict needs, by offset: a FileView reads just those from disk. */
export function parseElf(input: ElfBytes | Buffer): ElfInfo {
  const buf: ElfBytes = Buffer.isBuffer(input) ? new BufferBytes(input) : input;
  if (!isElf(buf)) throw new ElfError('not an ELF file (bad magic)');
  if (buf.length < 52) throw new ElfError('truncated ELF: shorter than its header');
  const cls = buf.at(4);
  const data = buf.at(5);
  if (cls !== 1 && cls !== 2) throw new ElfError(`corrupt ELF: class ${cls} is neither 32 nor 64 bit`);
  if (data !== 1 && data !== 2) throw new ElfError(`corrupt ELF: data encoding ${data} is neither little nor big endian`);
  const r = new Reader(buf, data === 1, cls === 2);
  const is64 = cls === 2;
  const eType = r.u16(16);
  const machine = r.u16(18);
  const phoff = r.addr(is64 ? 32 : 28);
  const shoff = r.addr(is64 ? 40 : 32);
  const phentsize = r.u16(is64 ? 54 : 42);
  const phnum = r.u16(is64 ? 56 : 44);
  const shentsize = r.u16(is64 ? 58 : 46);
  let shnum = r.u16(is64 ? 60 : 48);
  const shstrndx = r.u16(is64 ? 62 : 50);

  let interpreter: string | null = null;
  let hasDynamic = false;
  if (phoff && phnum) {
    if (phentsize < (is64 ? 56 : 32)) throw new ElfError(`corrupt ELF: program header entry size ${phentsize}`);
    r.check(phoff, phnum * phentsize, 'program headers');
    for (let i = 0; i < phnum; i++) {
      const p = phoff + i * phentsize;
      const type = r.u32(p);
      if (type === PT_DYNAMIC) hasDynamic = true;
      if (type === PT_INTERP) {
        const off = r.addr(p + (is64 ? 8 : 4));
        const size = r.addr(p + (is64 ? 32 : 16));
        r.check(off, size, 'interpreter');
        interpreter = buf.toString('latin1', off, off + size).replace(/\0+$/, '');
      }
    }
  }

  const sections: Section[] = [];
  if (shoff && shentsize) {
    if (shentsize < (is64 ? 64 : 40)) throw new ElfError(`corrupt ELF: section header entry size ${shentsize}`);
    if (shnum === 0) shnum = r.u32(shoff + (is64 ? 32 : 20)); // extended numbering: count in sh_size of entry 0
    if (shnum > 65536) throw new ElfError(`corrupt ELF: ${shnum} sections`);
    r.check(shoff, shnum * shentsize, 'section headers', true);
    for (let i = 0; i < shnum; i++) {
      const s = shoff + i * shentsize;
      sections.push({
        name: String(r.u32(s)),
        type: r.u32(s + 4),
        addr: r.addr(s + (is64 ? 16 : 12)),
        offset: r.addr(s + (is64 ? 24 : 16)),
        size: r.addr(s + (is64 ? 32 : 20)),
        link: r.u32(s + (is64 ? 40 : 24)),
        entsize: r.addr(s + (is64 ? 56 : 36)),
      });
    }
    const names = sections[shstrndx];
    if (names && names.type !== 8 /* NOBITS */) {
      r.check(names.offset, names.size, 'section names', true);
      for (const s of sections) {
        try {
          s.name = r.cstr(names.offset + Number(s.name), names.offset + names.size);
        } catch {
          s.name = '';
        }
      }
    }
  }

  const info: ElfInfo = {
    bits: is64 ? 64 : 32,
    endian: data === 1 ? 'little' : 'big',
    machine: machineTable().get(machine)?.name ?? `machine-${machine}`,
    type: ({ 1: 'rel', 2: 'exec', 3: 'dyn', 4: 'core' } as Record<number, ElfInfo['type']>)[eType] ?? 'other',
    interpreter,
    isStatic: !hasDynamic && (eType === 2 || eType === 3),
    soname: null,
    needed: [],
    rpath: null,
    runpath: null,
    imports: [],
    exports: [],
    references: [],
    versionNeeds: {},
    irelative: 0,
  };

  const dynamic = sections.find((s) => s.name === '.dynamic' && s.type === 6);
  const strtabOf = (s: Section | undefined) => {
    const link = s ? sections[s.link] : undefined;
    if (!link) return null;
    r.check(link.offset, link.size, 'string table', true);
    return link;
  };
  if (dynamic) {
    const strtab = strtabOf(dynamic);
    const entsize = is64 ? 16 : 8;
    r.check(dynamic.offset, dynamic.size, 'dynamic section', true);
    for (let off = dynamic.offset; off + entsize <= dynamic.offset + dynamic.size; off += entsize) {
      const tag = is64 ? r.addr(off) : r.u32(off);
      if (tag === 0) break;
      const val = r.addr(off + (is64 ? 8 : 4));
      if (!strtab) continue;
      const str = () => r.cstr(strtab.offset + val, strtab.offset + strtab.size);
      if (tag === DT.NEEDED) info.needed.push(str());
      else if (tag === DT.SONAME) info.soname = str();
      else if (tag === DT.RPATH) info.rpath = str();
      else if (tag === DT.RUNPATH) info.runpath = str();
    }
  }

  const dynsym = sections.find((s) => s.type === SHT_DYNSYM);
  if (dynsym) {
    const strtab = strtabOf(dynsym);
    const entsize = dynsym.entsize || (is64 ? 24 : 16);
    const count = Math.floor(dynsym.size / entsize);
    r.check(dynsym.offset, count * entsize, 'dynamic symbols', true);
    // Version requirements (index -> name, file) and definitions (index -> name).
    const versions = new Map<number, { name: string; file: string | null }>();
    const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED);
    if (verneed) {
      const vstr = strtabOf(verneed);
      let off = verneed.offset;
      const end = verneed.offset + verneed.size;
      // Every entry and every aux record is 16 bytes inside the section: a chain that claims more
      // (a crafted count of 65,535 on each of 10,000 entries) is refused, not walked for minutes.
      let budget = Math.floor(verneed.size / 16);
      const spend = () => {
        if (--budget < 0) throw new ElfError('the version-need chain is longer than its section: corrupt or crafted');
      };
      for (; vstr && off >= verneed.offset && off + 16 <= end; ) {
        spend();
        const cnt = r.u16(off + 2);
        const file = r.cstr(vstr.offset + r.u32(off + 4), vstr.offset + vstr.size);
        let aux = off + r.u32(off + 8);
        const list: string[] = [];
        for (let j = 0; j < cnt; j++) {
          spend();
          if (aux < verneed.offset || aux + 16 > end) throw new ElfError('a version-need record points outside its section');
          const other = r.u16(aux + 6);
          const name = r.cstr(vstr.offset + r.u32(aux + 8), vstr.offset + vstr.size);
          versions.set(other & 0x7fff, { name, file });
          list.push(name);
          const next = r.u32(aux + 12);
          if (!next) break;
          aux += next;
        }
        info.versionNeeds[file] = list;
        const next = r.u32(off + 12);
        if (!next) break;
        off += next;
      }
    }
    const verdef = sections.find((s) => s.type === SHT_GNU_VERDEF);
    if (verdef) {
      const vstr = strtabOf(verdef);
      let off = verdef.offset;
      // Each definition is 20 bytes in the section: no more can be walked than fit.
      for (let left = Math.floor(verdef.size / 20); vstr && left > 0 && off >= verdef.offset && off + 20 <= verdef.offset + verdef.size; left--) {
        const ndx = r.u16(off + 4);
        const aux = off + r.u32(off + 12);
        versions.set(ndx, { name: r.cstr(vstr.offset + r.u32(aux), vstr.offset + vstr.size), file: null });
        const next = r.u32(off + 16);
        if (!next) break;
        off += next;
      }
    }
    const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
    if (versym) r.check(versym.offset, count * 2, 'symbol versions', true);
    const byIndex = new Map<number, { sym: ElfSymbol; defined: boolean }>();
    for (let i = 1; i < count; i++) {
      const e = dynsym.offset + i * entsize;
      const nameOff = r.u32(e);
      const infoByte = r.u8(e + (is64 ? 4 : 12));
      const shndx = r.u16(e + (is64 ? 6 : 14));
      const bind = infoByte >> 4;
      const stt = infoByte & 0xf;
      if (!strtab || nameOff === 0) continue;
      const name = r.cstr(strtab.offset + nameOff, strtab.offset + strtab.size);
      const v = versym ? versions.get(r.u16(versym.offset + i * 2) & 0x7fff) : undefined;
      const sym: ElfSymbol = {
        name,
        version: v?.name ?? null,
        versionFile: v?.file ?? null,
        weak: bind === 2,
        type: stt === 2 ? 'func' : stt === 1 ? 'object' : stt === 6 ? 'tls' : stt === 10 ? 'ifunc' : 'other',
      };
      byIndex.set(i, { sym, defined: shndx !== 0 });
      if (shndx === 0) info.imports.push(sym);
      else if (bind !== 0) info.exports.push(sym); // global or weak definitions; locals are not exported
    }
    // Relocations against the dynamic symbol table: r_info holds the symbol index and the type.
    const copyType = machineTable().get(machine)?.copy ?? undefined;
    const irelType = machineTable().get(machine)?.irelative ?? undefined;
    const seen = new Map<number, ElfReference>();
    for (const sec of sections) {
      if ((sec.type !== SHT_RELA && sec.type !== SHT_REL) || sections[sec.link] !== dynsym) continue;
      const entsize = sec.entsize || (sec.type === SHT_RELA ? (is64 ? 24 : 12) : is64 ? 16 : 8);
      const n = Math.floor(sec.size / entsize);
      r.check(sec.offset, n * entsize, 'relocations', true);
      for (let k = 0; k < n; k++) {
        const e = sec.offset + k * entsize;
        const rinfo = r.addr(e + (is64 ? 8 : 4));
        const symIndex = is64 ? Math.floor(rinfo / 2 ** 32) : rinfo >>> 8;
        const rtype = is64 ? rinfo % 2 ** 32 : rinfo & 0xff;
        if (rtype === irelType) info.irelative++;
        if (symIndex === 0) continue;
        const entry = byIndex.get(symIndex);
        if (!entry) continue;
        const prev = seen.get(symIndex);
        const copy = rtype === copyType;
        if (prev) prev.copy ||= copy;
        else seen.set(symIndex, { ...entry.sym, defined: entry.defined, copy });
      }
    }
    info.references = [...seen.values()];
  }
  return info;
}
