/**
 * Will this ELF run on Alpine? Decided the way musl's dynamic linker decides: libc-family NEEDED
 * names (libc.so.6, libm.so.6, libpthread.so.0, ...) are musl itself, every non-weak undefined
 * symbol they must supply has to be exported by musl (versions are ignored, as musl does), and the
 * program interpreter must exist (glibc's /lib64/ld-linux-x86-64.so.2 only does with gcompat).
 */
import { mappingRows } from '../knowledge/tsv.js';
import { join } from 'node:path';
import type { ElfInfo } from './parse.js';

export type Verdict = 'runs-on-musl' | 'runs-with-gcompat' | 'needs-rebuild' | 'wrong-arch' | 'firmware' | 'unknown';

/** Processors no Linux userland runs on: their ELF files are firmware the kernel hands to a coprocessor. */
const FIRMWARE_MACHINES = new Set(['hexagon']);

export interface BlobVerdict {
  verdict: Verdict;
  reason: string;
  /** Undefined symbols musl does not export (what the musl loader reports as "symbol not found"). */
  missingSymbols: string[];
  /** glibc/libstdc++ symbol versions the file requires (GLIBC_2.34, GLIBCXX_3.4.30, ...). */
  glibcVersions: string[];
  /** NEEDED libraries that are not musl: they must come from Alpine packages (or be rebuilt). */
  externalLibraries: string[];
  /** Imports that could come from an external library, so they were not checked against musl. */
  uncheckedImports: number;
}

interface MuslAbi {
  reserved: string[];
  lfs64: Set<string>;
  aliases: Map<string, string>;
}

let abi: MuslAbi | undefined;

/** mappings/musl-abi.tsv: what musl's loader answers beyond its exported symbols. */
function muslAbi(): MuslAbi {
  if (abi) return abi;
  const rows = mappingRows('musl-abi.tsv');
  abi = {
    reserved: rows.filter((r) => r[0] === 'reserved').map((r) => r[1]!),
    lfs64: new Set(rows.filter((r) => r[0] === 'lfs64').flatMap((r) => r[1]!.split(' '))),
    aliases: new Map(rows.filter((r) => r[0] === 'lfs64-alias').map((r) => [r[1]!, r[2]!])),
  };
  return abi;
}

/** musl answers these NEEDED names itself: lib<reserved>. prefixes (libc.so.6, libpthread.so.0, ...). */
export function providedByMusl(library: string): boolean {
  return muslAbi().reserved.some((r) => library.startsWith(`lib${r}.`));
}

/** Whether musl's loader resolves `name`, counting its large-file (xxx64) compatibility names. */
export function muslResolves(name: string, exported: Set<string>): boolean {
  if (exported.has(name)) return true;
  const a = muslAbi();
  const alias = a.aliases.get(name);
  if (alias) return exported.has(alias);
  // get_lfs64 copies the name into a 16-byte buffer first: longer names never match.
  if (name.length < 16 && name.endsWith('64') && a.lfs64.has(name.slice(0, -2))) return exported.has(name.slice(0, -2));
  return false;
}

/** Alpine's name for an ELF machine, for comparing with the target architecture. */
export function alpineArch(machine: string, bits: number): string {
  if (machine === 'arm') return 'armv7';
  if (machine === 'x86') return 'x86';
  return bits === 64 || machine === 'aarch64' ? machine : machine;
}

export interface VerdictContext {
  targetArch: string;
  /** Symbols musl exports for the target architecture; null when no table was imported. */
  muslSymbols: Set<string> | null;
}

export function verdictFor(info: ElfInfo, ctx: VerdictContext): BlobVerdict {
  const glibcVersions = [...new Set(Object.values(info.versionNeeds).flat().filter((v) => /^(GLIBC|GLIBCXX|CXXABI|GCC)_/.test(v)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const externalLibraries = info.needed.filter((n) => !providedByMusl(n));
  const base = { missingSymbols: [] as string[], glibcVersions, externalLibraries, uncheckedImports: 0 };
  const arch = alpineArch(info.machine, info.bits);
  if (FIRMWARE_MACHINES.has(info.machine)) {
    return { ...base, verdict: 'firmware', reason: `firmware for a ${info.machine} coprocessor, loaded by the kernel: the same on Alpine` };
  }
  if (arch !== ctx.targetArch) {
    if (info.isStatic || (!info.interpreter && info.needed.length === 0 && info.type === 'exec')) {
      return { ...base, verdict: 'wrong-arch', reason: `a static ${arch} executable: it will not run on ${ctx.targetArch}, unless it is firmware for another processor that the kernel loads (then nothing changes on Alpine)` };
    }
    const hint = arch === 'armv7' && ctx.targetArch === 'aarch64' ? '; Alpine cannot mix armv7 libraries into an aarch64 root: rebuild for aarch64 or keep an armv7 sysroot' : '';
    return { ...base, verdict: 'wrong-arch', reason: `built for ${arch}, the target is ${ctx.targetArch}${hint}` };
  }
  if (info.type !== 'exec' && info.type !== 'dyn') return { ...base, verdict: 'unknown', reason: `an ELF ${info.type} file, not a program or shared library` };
  if (info.isStatic) return { ...base, verdict: 'runs-on-musl', reason: 'statically linked: it needs no C library at run time (glibc NSS lookups inside it may still fail)' };
  if (!ctx.muslSymbols) {
    return { ...base, verdict: 'unknown', reason: 'no musl symbol table in the database: import one with migrate db import-musl (an Alpine root or its ld-musl-*.so.1)' };
  }
  const allMusl = externalLibraries.length === 0;
  let unchecked = 0;
  const missing = new Set<string>();
  // What musl's loader does for --list: resolve the symbol of every dynamic relocation. A symbol
  // defined in the file itself resolves there, unless it is an IFUNC (musl does not support them)
  // or the relocation is a COPY (which needs another object's definition).
  for (const s of info.references) {
    const selfResolved = s.defined && !s.copy && s.type !== 'ifunc';
    if (selfResolved) continue;
    if (s.weak && !s.defined) continue; // an unresolved weak reference is null, not an error
    const fromMusl = s.versionFile ? providedByMusl(s.versionFile) : allMusl;
    if (!fromMusl) {
      unchecked++;
      continue;
    }
    if (!muslResolves(s.name, ctx.muslSymbols)) missing.add(s.name);
  }
  const missingSymbols = [...missing].sort();
  const result = { ...base, missingSymbols, uncheckedImports: unchecked };
  const libs = externalLibraries.length ? `; also needs ${externalLibraries.join(', ')} from Alpine packages` : '';
  if (missingSymbols.length) {
    const shown = missingSymbols.slice(0, 8).join(', ') + (missingSymbols.length > 8 ? ` and ${missingSymbols.length - 8} more` : '');
    return { ...result, verdict: 'needs-rebuild', reason: `musl lacks ${missingSymbols.length} symbol${missingSymbols.length === 1 ? '' : 's'} it uses (${shown}): rebuild it against musl, or check whether gcompat provides them${libs}` };
  }
  if (info.interpreter && !/ld-musl-/.test(info.interpreter)) {
    return { ...result, verdict: 'runs-with-gcompat', reason: `every libc symbol resolves in musl, but its loader is ${info.interpreter}: install gcompat (which provides it) or patchelf --set-interpreter /lib/ld-musl-${ctx.targetArch}.so.1${libs}` };
  }
  return { ...result, verdict: 'runs-on-musl', reason: `every libc symbol resolves in musl${unchecked ? ` (${unchecked} imports from other libraries not checked)` : ''}${libs}` };
}
