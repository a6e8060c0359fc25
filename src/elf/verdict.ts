/**
 * Will this ELF run on Alpine? Decided the way musl's dynamic linker decides: libc-family NEEDED
 * names (libc.so.6, libm.so.6, libpthread.so.0, ...) are musl itself, every non-weak undefined
 * symbol they must supply has to be exported by musl (versions are ignored, as musl does), and the
 * program interpreter must exist (glibc's /lib64/ld-linux-x86-64.so.2 only does with gcompat).
 * The ladder: runs-on-musl -> runs-with-gcompat (glibc's loader, or symbols only gcompat has) ->
 * needs-rebuild (symbols neither has, listed) -> foreign-arch -> firmware -> unknown, each with why.
 */
import { mappingRows } from '../knowledge/tsv.js';
import { join } from 'node:path';
import type { ElfInfo } from './parse.js';

export type Verdict = 'runs-on-musl' | 'runs-with-gcompat' | 'needs-rebuild' | 'foreign-arch' | 'firmware' | 'unknown';

/** Processors no Linux userland runs on: their ELF files are firmware the kernel hands to a coprocessor. */
const FIRMWARE_MACHINES = new Set(['hexagon']);

export interface BlobVerdict {
  verdict: Verdict;
  reason: string;
  /** Undefined symbols musl does not export (what the musl loader reports as "symbol not found"). */
  missingSymbols: string[];
  /** Of those, the ones gcompat does not provide either (what the loader reports with gcompat preloaded). */
  missingWithGcompat: string[];
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
  /** gcompat functions Alpine's package has and the table cannot show (mappings/gcompat-unmeasured.tsv). */
  unmeasured: (name: string) => boolean;
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
    unmeasured: unmeasuredMatcher(),
  };
  return abi;
}

function unmeasuredMatcher(): (name: string) => boolean {
  const rows = mappingRows('gcompat-unmeasured.tsv');
  const prefixes = rows.filter((r) => r[0] === 'prefix').map((r) => r[1]!);
  const names = new Set(rows.filter((r) => r[0] === 'name').map((r) => r[1]!));
  return (n) => names.has(n) || prefixes.some((p) => n.startsWith(p));
}

/** glibc's dynamic loader as a NEEDED library (ld-linux-x86-64.so.2): Alpine's gcompat installs it. */
export const isGlibcLoader = (library: string) => /^ld-linux[-.]/.test(library);

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
  /** Symbols gcompat exports (the embedded 1.1.0 table, or an import); null: gcompat not judged. */
  gcompatSymbols?: Set<string> | null;
  /** Set when the build copies this file into a firmware directory: the destination. */
  firmwareDestination?: string | null;
  /** Where a NEEDED library beyond libc comes from on Alpine, as a phrase: `libstdc++.so.6 (apk add libstdc++)`. */
  libraryAnswer?: (soname: string) => string;
}

export function verdictFor(info: ElfInfo, ctx: VerdictContext): BlobVerdict {
  const glibcVersions = [...new Set(Object.values(info.versionNeeds).flat().filter((v) => /^(GLIBC|GLIBCXX|CXXABI|GCC)_/.test(v)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const externalLibraries = info.needed.filter((n) => !providedByMusl(n) && !isGlibcLoader(n));
  const base = { missingSymbols: [] as string[], missingWithGcompat: [] as string[], glibcVersions, externalLibraries, uncheckedImports: 0 };
  const arch = alpineArch(info.machine, info.bits);
  if (FIRMWARE_MACHINES.has(info.machine)) {
    return { ...base, verdict: 'firmware', reason: `firmware for a ${info.machine} coprocessor, loaded by the kernel: the same on Alpine` };
  }
  if (ctx.firmwareDestination) {
    return { ...base, verdict: 'firmware', reason: `a ${arch} ELF file the build copies into ${ctx.firmwareDestination}: firmware the kernel hands to a device, the same on Alpine` };
  }
  if (arch !== ctx.targetArch) {
    if (info.isStatic || (!info.interpreter && info.needed.length === 0 && info.type === 'exec')) {
      return { ...base, verdict: 'foreign-arch', reason: `a static ${arch} executable: it will not run on ${ctx.targetArch}, unless it is firmware for another processor that the kernel loads (then nothing changes on Alpine)` };
    }
    const hint = arch === 'armv7' && ctx.targetArch === 'aarch64' ? ': it needs an armv7 root (Alpine has no multiarch; keep an armv7 musl or glibc sysroot), or a rebuild for aarch64' : '';
    return { ...base, verdict: 'foreign-arch', reason: `built for ${arch}, the target is ${ctx.targetArch}${hint}` };
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
  const gcompat = ctx.gcompatSymbols ?? null;
  const missingWithGcompat = gcompat ? missingSymbols.filter((n) => !gcompat.has(n)) : missingSymbols;
  const result = { ...base, missingSymbols, missingWithGcompat, uncheckedImports: unchecked };
  const libs = externalLibraries.length ? `; also needs ${ctx.libraryAnswer ? externalLibraries.map(ctx.libraryAnswer).join(', ') : `${externalLibraries.join(', ')} from Alpine packages`}` : '';
  const list = (names: string[]) => names.slice(0, 8).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : '');
  if (info.irelative > 0) {
    return { ...result, verdict: 'needs-rebuild', reason: `it has ${info.irelative} IRELATIVE relocation${info.irelative === 1 ? '' : 's'} (GNU indirect functions), which musl's loader refuses and gcompat cannot change: rebuild it against musl${libs}` };
  }
  if (missingWithGcompat.length) {
    const n = missingWithGcompat.length;
    if (gcompat && missingWithGcompat.every(muslAbi().unmeasured)) {
      return { ...result, verdict: 'unknown', reason: `musl and the gcompat table lack ${list(missingWithGcompat)}, which Alpine's gcompat package provides through musl-obstack or libucontext (not in the table): check with apk add gcompat${libs}` };
    }
    return { ...result, verdict: 'needs-rebuild', reason: `${gcompat ? 'neither musl nor gcompat provides' : 'musl lacks'} ${n} symbol${n === 1 ? '' : 's'} it uses (${list(missingWithGcompat)})${gcompat ? '' : ' and there is no gcompat table to check them against'}: rebuild it against musl${libs}` };
  }
  if (missingSymbols.length) {
    return { ...result, verdict: 'runs-with-gcompat', reason: `musl lacks ${missingSymbols.length} symbol${missingSymbols.length === 1 ? '' : 's'} it uses (${list(missingSymbols)}), and gcompat provides ${missingSymbols.length === 1 ? 'it' : 'all of them'}: apk add gcompat${libs}` };
  }
  const loader = info.needed.find(isGlibcLoader) ?? (info.interpreter && !/ld-musl-/.test(info.interpreter) ? info.interpreter : null);
  if (loader) {
    return { ...result, verdict: 'runs-with-gcompat', reason: `every libc symbol resolves in musl, but it needs glibc's loader ${loader}: apk add gcompat (which installs it), or patchelf --set-interpreter /lib/ld-musl-${ctx.targetArch}.so.1${libs}` };
  }
  return { ...result, verdict: 'runs-on-musl', reason: `every libc symbol resolves in musl${unchecked ? ` (${unchecked} imports from other libraries not checked)` : ''}${libs}` };
}
