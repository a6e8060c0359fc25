/**
 * walk -> classify -> read -> extract (each call isolated) -> sort. The only module of the scan that
 * does I/O; extractors get decoded text and return records.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { loadKnowledge } from '../knowledge/load.js';
import { HEAD_BYTES, classify } from './classify.js';
import { loadShellGrammar } from './common/shell-parser.js';
import { EXTRACTORS } from './registry.js';
import { assignKeys, cmp, sortFindings, sortPackages, type FileRecord, type Finding, type ScanResult, type Severity } from './result.js';
import { applySuppressions, isKnownRule, pragmasOf, type FilePragmas } from './suppress.js';
import { findingOf } from './rule-finding.js';
import * as scanRules from './scan-rules.js';
import { extractOne, hasExtractor } from './extract-one.js';
import { analyzeUnits, convertProject, DEFAULT_RELEASE } from '../convert/project.js';
import { analyzeBinaries, type LibcTables } from './binaries.js';
import { inferTargetArch } from './target-arch.js';
import { alpineReleases } from '../knowledge/alpine-releases.js';
import type { ExtractContext, FileKind, SourceFile } from './types.js';
import { walk, type WalkProblem } from './walk.js';

export const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;
/** .deb and ELF files are read whole (up to this size) and .deb members inflated up to 4x it. */
export const DEFAULT_MAX_BLOB_SIZE = 256 * 1024 * 1024;
export { DEFAULT_ARCH } from './target-arch.js';
import { DEFAULT_ARCH } from './target-arch.js';
import { copiedDropIns } from './copied-drop-ins.js';
import { softenInstalledCommands } from './installed-commands.js';
import { append } from '../append.js';
const BLOB_KINDS = new Set<FileKind>(['deb', 'elf']);

export interface ScanOptions {
  exclude?: readonly string[];
  /** Scripts and Dockerfiles above this many bytes are reported and not parsed. */
  maxFileSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** .deb and ELF files above this many bytes are reported and not analysed. */
  maxBlobSize?: number;
  /** Target Alpine architecture for binary verdicts (x86_64, aarch64, armv7, ...); default: decided from the repository. */
  arch?: string;
  /** The musl and gcompat tables for an architecture (the database's); without it symbols are not checked. */
  libc?: (arch: string) => LibcTables;
  /** Target Alpine release (decides which OpenRC features conversions may use). */
  release?: string;
  /** How the release was chosen, when the caller applied a default itself. */
  releaseHow?: string;
  /** How the architecture was chosen, when given (default `--arch`). */
  archHow?: string;
  /** For tests: how file contents are read. */
  readFile?: (absolute: string) => Buffer;
  /** Rules silenced everywhere ([scan] ignore); a `family/*` names a family. */
  ignore?: readonly string[];
  /** Severities this repository wants for some rules ([severity] of .migrate.ini). */
  severity?: ReadonlyMap<string, Severity>;
}

interface Opened {
  kind: FileKind;
  /** Null for 'other' files: their size is never needed, and not asking saves a syscall per file. */
  size: number | null;
  /** The whole content, read through the same descriptor, for kinds an extractor parses (within the size limit). */
  bytes: Buffer | null;
}

/** One open per file: the first bytes decide the kind; extractor kinds are read whole right away. */
function openAndClassify(path: string, absolute: string, wanted: (k: FileKind) => boolean, maxSizeOf: (k: FileKind) => number, whole: (k: FileKind) => boolean = () => true): Opened {
  const fd = openSync(absolute, 'r');
  try {
    const head = Buffer.allocUnsafe(HEAD_BYTES);
    const n = readSync(fd, head, 0, HEAD_BYTES, 0);
    const kind = classify(path, head.subarray(0, n));
    if (kind === 'other') return { kind, size: null, bytes: null };
    if (n < HEAD_BYTES) return { kind, size: n, bytes: wanted(kind) ? head.subarray(0, n) : null };
    const size = fstatSync(fd).size;
    if (!wanted(kind) || size > maxSizeOf(kind) || !whole(kind)) return { kind, size, bytes: null };
    const bytes = Buffer.allocUnsafe(size);
    head.copy(bytes, 0, 0, n);
    let at = n;
    while (at < size) {
      const got = readSync(fd, bytes, at, size - at, at);
      if (got === 0) break;
      at += got;
    }
    return { kind, size, bytes: bytes.subarray(0, at) };
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export async function scan(root: string, opts: ScanOptions = {}): Promise<ScanResult> {
  await loadShellGrammar();
  const knowledge = loadKnowledge();
  const ctx: ExtractContext = { knowledge };
  const maxSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const maxBlobSize = opts.maxBlobSize ?? DEFAULT_MAX_BLOB_SIZE;
  const result: ScanResult = { root, files: [], packages: [], baseImages: [], unitFiles: [], serviceActions: [], binaries: [], debs: [], references: [], blobs: [], findings: [], conversion: { units: [], services: [], timers: [], fstab: [], notes: [] }, target: { arch: opts.arch ?? DEFAULT_ARCH, archHow: '', release: opts.release ?? DEFAULT_RELEASE, releaseHow: '', musl: null, gcompat: null } };
  const problems: WalkProblem[] = [];
  const entries = walk(root, { exclude: opts.exclude ?? [] }, problems);
  const pragmas = new Map<string, FilePragmas>();
  for (const p of problems) {
    result.findings.push(findingOf(scanRules.unreadable, { file: p.path, line: null, message: `Directory ${p.path} could not be read (${p.message}).`, subject: p.path }));
  }

  // Every hundredth of the files: the count moves with the work (once every 500 files sat at 0 on
  // a repository of 274), and a tree of 100,000 files still gets only about 100 updates.
  const step = Math.max(1, Math.ceil(entries.length / 100));
  for (const [index, entry] of entries.entries()) {
    if (opts.onProgress && index % step === 0) opts.onProgress(index, entries.length);
    const file = entry.path;
    const unreadable = (err: unknown) =>
      result.findings.push(findingOf(scanRules.unreadable, { file, line: null, message: `${file} could not be read (${(err as NodeJS.ErrnoException).code ?? err}).`, subject: file }));
    let opened: Opened;
    try {
      // An ELF file is read by offset by its extractor (src/elf/file-view.ts), never whole.
      opened = openAndClassify(file, entry.absolute, hasExtractor, (k) => (BLOB_KINDS.has(k) ? maxBlobSize : maxSize), (k) => k !== 'elf' || Boolean(opts.readFile));
    } catch (err) {
      unreadable(err);
      continue;
    }
    const { kind, size } = opened;
    const record: FileRecord = { file, kind, size };
    result.files.push(record);
    if (kind === 'lfs-pointer') {
      result.findings.push(findingOf(scanRules.lfsPointer, { file, line: null, message: `${file} is a Git LFS pointer; its content is not in this checkout.`, subject: file }));
      continue;
    }
    if (!hasExtractor(kind)) continue;
    const limit = BLOB_KINDS.has(kind) ? maxBlobSize : maxSize;
    if (size !== null && size > limit) {
      record.skipped = 'scan/too-large';
      result.findings.push(findingOf(scanRules.tooLarge, { file, line: null, message: `${file} is ${size} bytes, over the ${limit}-byte limit for ${kind} files; it was not analysed.`, subject: file, data: { size, limit } }));
      continue;
    }
    let bytes: Buffer | null;
    try {
      bytes = opts.readFile ? opts.readFile(entry.absolute) : opened.bytes;
    } catch (err) {
      unreadable(err);
      continue;
    }
    let job: SourceFile;
    if (BLOB_KINDS.has(kind)) {
      job = bytes ? { path: file, kind, text: '', size: bytes.length, bytes } : { path: file, kind, text: '', size: size ?? 0, absolute: entry.absolute };
    } else if (!bytes) {
      continue; // not reached: text kinds are always read whole
    } else {
      if (bytes.subarray(0, 8192).includes(0)) {
        result.findings.push(findingOf(scanRules.binaryContent, { file, line: null, message: `${file} looks like a ${kind} file by its name but holds binary data; it was not parsed.`, subject: file }));
        continue;
      }
      let text: string;
      try {
        text = utf8.decode(bytes);
      } catch {
        text = lossy.decode(bytes);
        result.findings.push(findingOf(scanRules.nonUtf8, { file, line: null, message: `${file} is not valid UTF-8; invalid bytes were replaced before parsing.`, subject: file }));
      }
      // A BOM is not part of the first line; CRLF line ends keep their line count as LF.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
      job = { path: file, kind, text, size: bytes.length };
      const p = pragmasOf(text);
      if (p) pragmas.set(file, p);
    }
    // Extraction runs in this thread, file by file, so at most one file's content is held at a
    // time: measured on 2 cores, worker threads were slower (cloning texts and results cost more).
    const o = await extractOne(job, ctx);
    if (o.ok) {
      const x = o.extraction;
      append(result.packages, x.packages);
      append(result.baseImages, x.baseImages);
      append(result.unitFiles, x.unitFiles);
      append(result.serviceActions, x.serviceActions);
      append(result.binaries, x.binaries);
      append(result.debs, x.debs);
      for (const r of x.references) result.references.push(r);
      append(result.findings, x.findings);
    } else {
      result.findings.push(findingOf(scanRules.extractorCrashed, { file, line: null, message: `The ${kind} extractor failed on ${file}: ${o.error}.`, subject: file, data: { error: o.error } }));
    }
  }
  opts.onProgress?.(entries.length, entries.length);

  append(result.unitFiles, copiedDropIns(result));
  softenInstalledCommands(result.findings, result.packages);
  // Units are converted once, here: the reports, generate, openrc and verify read this conversion.
  result.conversion = convertProject(result, opts.release ?? DEFAULT_RELEASE);
  append(result.findings, analyzeUnits(result, result.conversion, { release: opts.release ?? DEFAULT_RELEASE }));
  const target = inferTargetArch(result, opts.arch, opts.archHow);
  const libc = opts.libc?.(target.arch) ?? { musl: null, gcompat: null };
  const release = opts.release ?? DEFAULT_RELEASE;
  // When its support ends, as a fact of the table, so the report does not change with the day it is made.
  const support = alpineReleases().find((r) => r.release === release);
  const releaseHow = `${opts.releaseHow ?? (opts.release ? '--release' : 'default')}${support ? `; supported until ${support.eol}${support.estimated ? ' (estimated)' : ''}` : ''}`;
  result.target = { arch: target.arch, archHow: target.how, release, releaseHow, musl: libc.musl?.source ?? null, gcompat: libc.gcompat?.source ?? null };
  append(result.findings, analyzeBinaries(result, { arch: target.arch, libc }));

  sortPackages(result.packages);
  result.serviceActions.sort((a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.unit, b.unit));
  result.unitFiles.sort((a, b) => cmp(a.file, b.file));
  result.baseImages.sort((a, b) => cmp(a.file, b.file) || a.line - b.line);
  append(result.findings, unknownPragmaRules(pragmas));
  sortFindings(result.findings);
  // Keys first: a finding's key must not change because another one was silenced.
  assignKeys(result.findings);
  const { kept, suppressed } = applySuppressions(result.findings, pragmas, { ...(opts.ignore ? { ignore: opts.ignore } : {}), ...(opts.severity ? { severity: opts.severity } : {}) });
  result.findings = kept;
  result.suppressed = suppressed;
  return result;
}

/** A pragma naming a rule that does not exist silences nothing: say so, so a typo is not trusted. */
function unknownPragmaRules(pragmas: ReadonlyMap<string, FilePragmas>): Finding[] {
  const known = allRules().map((r) => r.id);
  const out: Finding[] = [];
  for (const [file, p] of pragmas) {
    for (const { rule, line } of p.named) {
      if (isKnownRule(rule, known)) continue;
      out.push(findingOf(scanRules.unknownRule, { file, line, message: `${file}:${line}: the migrate pragma names ${rule}, which is no rule of migrate; it silences nothing.`, subject: rule }));
    }
  }
  return out;
}

/** Every rule the scan can raise (src/rules.ts adds verify's, for `migrate rules`). */
export function allRules() {
  const seen = new Map<string, (typeof scanRules.SCAN_RULES)[number]>();
  for (const r of [...scanRules.SCAN_RULES, ...EXTRACTORS.flatMap((e) => e.rules)]) seen.set(r.id, r);
  return [...seen.values()].sort((a, b) => cmp(a.id, b.id));
}
