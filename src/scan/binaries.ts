/**
 * After the scan: a verdict for every binary (in the tree and inside .deb files) and a blob record
 * for every .deb, ELF and LFS pointer, with findings for what will not run on Alpine.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import { verdictFor } from '../elf/verdict.js';
import { findingOf } from './rule-finding.js';
import type { BlobFact, FileReference, Finding, ScanResult } from './result.js';
import * as elfRules from './elf/rules.js';

const RANK: Record<string, number> = { firmware: 0, 'runs-on-musl': 0, unknown: 1, 'runs-with-gcompat': 2, 'needs-rebuild': 3, 'foreign-arch': 4 };

/** The C library tables the verdicts judge against, with where they came from; and who provides other libraries. */
export interface LibcTables {
  musl: { symbols: Set<string>; source: string } | null;
  gcompat: { symbols: Set<string>; source: string } | null;
  /** apk's so: provides in the imported Alpine indexes; absent without indexes. */
  so?: { catalogue: string; providers: (soname: string) => string[] } | null;
}

/**
 * Where a NEEDED library comes from on Alpine: a file of the repository with that soname, a
 * package whose so: provides name it, or nobody in the catalogue (vendor it or rebuild).
 */
function libraryAnswers(result: ScanResult, so: LibcTables['so']): (soname: string) => string {
  const shipped = new Map<string, string>();
  for (const b of result.binaries) if (b.info.soname && !shipped.has(b.info.soname)) shipped.set(b.info.soname, b.inner ? `${b.file}:${b.inner}` : b.file);
  return (soname) => {
    const own = shipped.get(soname);
    if (own) return `${soname} (shipped in the repository: ${own})`;
    if (!so) return `${soname} (not checked: no Alpine index in the database; migrate db sync)`;
    const providers = so.providers(soname);
    return providers.length ? `${soname} (apk add ${providers[0]}${providers.length > 1 ? `; also in ${providers.slice(1, 3).join(', ')}` : ''})` : `${soname} (no package in ${so.catalogue} provides it: vendor it or rebuild)`;
  };
}

const FIRMWARE_DIR = /(^|\/)firmware(\/|$)/;

/**
 * Repository files the build copies into a firmware directory (/lib/firmware, /usr/lib/firmware):
 * path -> destination. COPY sources are relative to the build context, taken as the repository
 * or the Dockerfile's directory.
 */
export function firmwareDestinations(references: readonly FileReference[], files: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of references) {
    if (r.kind !== 'copy' || r.from || !r.dest || !FIRMWARE_DIR.test(r.dest)) continue;
    for (const source of r.sources) {
      const rel = posix.normalize(source.replace(/^\.?\/+/, '')).replace(/\/+$/, '');
      for (const base of new Set(['', posix.dirname(r.file) === '.' ? '' : posix.dirname(r.file)])) {
        const pattern = base ? posix.join(base, rel) : rel;
        const match = picomatch(pattern, { dot: true });
        for (const f of files) if (match(f) || f.startsWith(`${pattern}/`)) out.set(f, r.dest);
      }
    }
  }
  return out;
}

export function analyzeBinaries(result: ScanResult, opts: { arch: string; libc: LibcTables }): Finding[] {
  const findings: Finding[] = [];
  const worst = new Map<string, string>();
  const firmware = firmwareDestinations(result.references, result.binaries.filter((b) => !b.inner).map((b) => b.file));
  const libraryAnswer = libraryAnswers(result, opts.libc.so ?? null);
  for (const b of result.binaries) {
    const v = verdictFor(b.info, { targetArch: opts.arch, muslSymbols: opts.libc.musl?.symbols ?? null, gcompatSymbols: opts.libc.gcompat?.symbols ?? null, firmwareDestination: b.inner ? null : (firmware.get(b.file) ?? null), libraryAnswer });
    const path = b.inner ? `${b.file}:${b.inner}` : b.file;
    result.blobs.push({ path, kind: 'elf', arch: b.info.machine, needed: b.info.needed, glibcVersions: v.glibcVersions, missingSymbols: v.missingSymbols, missingWithGcompat: v.missingWithGcompat, verdict: v.verdict, reason: v.reason, interpreter: b.info.interpreter });
    if (b.inner) {
      const prev = worst.get(b.file);
      if (prev === undefined || (RANK[v.verdict] ?? 0) > (RANK[prev] ?? 0)) worst.set(b.file, v.verdict);
    }
    const rule = v.verdict === 'needs-rebuild' ? elfRules.needsRebuild : v.verdict === 'runs-with-gcompat' ? elfRules.runsWithGcompat : v.verdict === 'foreign-arch' ? elfRules.foreignArch : null;
    if (rule) findings.push(findingOf(rule, { file: b.file, line: null, message: `${path}: ${v.reason}.`, subject: path, data: { path, verdict: v.verdict, missingSymbols: v.missingSymbols, missingWithGcompat: v.missingWithGcompat, needed: b.info.needed } }));
  }
  if (!opts.libc.musl && result.binaries.length) {
    findings.push(findingOf(elfRules.noMuslTable, { file: result.binaries[0]!.file, line: null, message: `${result.binaries.length} binaries were found, but there is no musl symbol table for ${opts.arch}: their symbols were not checked.`, subject: 'musl-table' }));
  }
  for (const d of result.debs) {
    const v = worst.get(d.file) ?? 'repackage';
    result.blobs.push({ path: d.file, kind: 'deb', arch: d.arch, needed: d.depends, glibcVersions: [], missingSymbols: [], verdict: v, reason: `Debian package ${d.name ?? '?'} ${d.version ?? ''}: repackage its ${d.files} files as an APKBUILD; its binaries' worst verdict is ${v}${d.scripts.length ? `; port its ${d.scripts.join(', ')}` : ''}` });
  }
  for (const f of result.files) {
    if (f.kind !== 'lfs-pointer') continue;
    result.blobs.push({ path: f.file, kind: 'lfs-pointer', arch: null, needed: [], glibcVersions: [], missingSymbols: [], verdict: 'content-missing', reason: 'content not present: fetch it with git lfs pull' });
  }
  result.blobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return findings;
}

export type { BlobFact };
