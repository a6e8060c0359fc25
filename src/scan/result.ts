/**
 * The records a scan produces. Facts are the inventory (what the repository installs and uses);
 * findings are what a person must act on. Both carry a repo-relative POSIX `file` and a 1-based `line`.
 */
import { hash } from 'node:crypto';
import type { Extraction } from './types.js';
import type { ProjectConversion } from '../convert/project.js';
import type { Suppressed } from './suppress.js';

export type Severity = 'error' | 'warning' | 'info';
export type Confidence = 'high' | 'medium' | 'low';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** True when `severity` is at least as serious as `threshold`. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

export interface Finding {
  /** Deterministic: hash of rule, file, line and subject. */
  id: string;
  /** Stable across line shifts: hash of rule, file, subject and the subject's occurrence number in the file. */
  key: string;
  /** '<kind>/<kebab-name>', permanent once released. */
  rule: string;
  /** error = fails on Alpine as is. */
  severity: Severity;
  confidence: Confidence;
  file: string;
  line: number | null;
  message: string;
  evidence?: string;
  remediation?: string;
  data?: Record<string, unknown>;
  /** The rule's own severity, when .migrate.ini [severity] changed it. */
  severityFrom?: Severity;
}

/** Where a package comes from: a repository name, or a local .deb file path. */
export type PackageSource = 'repository' | 'local-deb';

export interface PackageInstall {
  name: string;
  /** Architecture qualifier (`libc6:armhf` -> 'armhf'), null when none was given. */
  arch: string | null;
  /** Version pin (`pkg=1.2-3` -> '1.2-3'), null when none was given. */
  version: string | null;
  /** apt-get, apt, apt-fast, aptitude, dpkg: the command that installs it. */
  manager: string;
  source: PackageSource;
  /** The .deb path as written, for local-deb installs. */
  path?: string;
  file: string;
  line: number;
  /** Dockerfile build stage, when the install is in a RUN instruction. */
  stage?: string;
}

export interface BaseImage {
  /** The image reference as resolved (`ubuntu:24.04`), or the raw text when it could not be resolved. */
  image: string;
  /** debian, ubuntu, alpine, scratch, stage (another stage of the same file), or unknown. */
  distro: string;
  stage: string | null;
  file: string;
  line: number;
  /** `FROM --platform=` as written (linux/arm64), when given. */
  platform?: string;
}

/** A parsed systemd unit file or drop-in (merging and conversion happen after the scan). */
export interface UnitFileFact {
  file: string;
  /** The unit this file defines, or for a drop-in (foo.service.d/x.conf) the unit it overrides. */
  unit: string;
  dropIn: boolean;
  entries: { section: string; key: string; value: string; line: number; file: string }[];
}

/** systemctl enable|disable|mask|unmask NAME in a script or RUN. */
export interface ServiceAction {
  action: 'enable' | 'disable' | 'mask' | 'unmask' | 'start' | 'stop' | 'restart';
  /** Unit name as given, with .service added when it had no suffix. */
  unit: string;
  file: string;
  line: number;
  /** Set after the scan: the repository ships this unit. */
  shipped?: boolean;
}

/**
 * A place where the build names other files: a Dockerfile COPY/ADD (build-context sources, or
 * paths in another stage with `from`), a shell glob over a directory (`for f in dir/*`), a
 * `docker build -f` in a build script, a .deb the build makes (checkinstall, dpkg-deb --build).
 * The plan of the build is made from these.
 */
export interface FileReference {
  kind: 'copy' | 'glob' | 'docker-build' | 'deb-build';
  file: string;
  line: number;
  /** copy: sources as written, variables substituted where known; glob: the pattern; docker-build: the Dockerfile; deb-build: the .deb's name stem. */
  sources: string[];
  /** copy: the destination in the image. */
  dest?: string;
  /** copy: `--from=` stage or image. */
  from?: string;
  stage?: string;
  /** docker-build: `-t`, `--build-arg K=V` and `--platform` as given. */
  tag?: string;
  buildArgs?: Record<string, string>;
  platform?: string;
}

/** An ELF file, in the tree or inside a .deb (then `inner` is its path in the package). */
export interface BinaryFact {
  file: string;
  inner: string | null;
  info: import('../elf/parse.js').ElfInfo;
}

/** What a .deb's control archive says (relation fields reduced to package names). */
export interface DebControlFacts {
  name: string | null;
  version: string | null;
  arch: string | null;
  depends: string[];
  preDepends: string[];
  provides: string[];
  conflicts: string[];
  /** Maintainer scripts present: preinst, postinst, prerm, postrm, config, triggers. */
  scripts: string[];
}

/** A .deb package in the tree. */
export interface DebFact extends DebControlFacts {
  file: string;
  /** Number of payload entries. */
  files: number;
}

/** The verdict on one binary artifact, as the report shows it. */
export interface BlobFact {
  /** Repo path, or `package.deb:/usr/bin/x` for a file inside a package. */
  path: string;
  kind: 'deb' | 'elf' | 'lfs-pointer';
  arch: string | null;
  needed: string[];
  glibcVersions: string[];
  missingSymbols: string[];
  /** ELF: of missingSymbols, those gcompat does not provide either. */
  missingWithGcompat?: string[];
  verdict: string;
  reason: string;
  interpreter?: string | null;
}

export interface FileRecord {
  file: string;
  kind: string;
  /** Bytes; null for kind 'other', whose size is not measured. */
  size: number | null;
  /** The scan did not analyse it (over --max-file-size): generate and openrc leave it alone too. */
  skipped?: 'scan/too-large';
}

/** Everything one scan found: the extractions of all files merged, plus cross-file results. */
export interface ScanResult extends Extraction {
  /** The scanned directory as given on the command line (not part of the golden output). */
  root: string;
  files: FileRecord[];
  /** Verdicts per .deb, ELF and LFS pointer, computed after the scan. */
  blobs: BlobFact[];
  /** The units as OpenRC, converted once by the scan for its release (not part of the golden output). */
  conversion: ProjectConversion;
  /** What the scan judged against, and how each was chosen. */
  target: ScanTarget;
  /** Findings the user silenced (pragmas, .migrate.ini), each with what silenced it: counted in every report. */
  suppressed?: Suppressed[];
}

export interface ScanTarget {
  arch: string;
  /** "--arch", or the repository's evidence ("the build asks for --platform=linux/arm64 at build.sh:57"). */
  archHow: string;
  release: string;
  releaseHow: string;
  /** The musl and gcompat tables the binaries were judged against, or null when there was none. */
  musl: string | null;
  gcompat: string | null;
  /** The Alpine catalogues package answers were checked against, and what they do not cover; set when packages are looked up. */
  catalogue?: string | null;
  catalogueGaps?: string[];
}

/** Input to `makeFinding`: everything but the derived ids. `subject` names the thing found (a package, a command). */
export type FindingInput = Omit<Finding, 'id' | 'key'> & { subject: string };

function shortHash(parts: readonly (string | number | null)[]): string {
  return hash('sha256', parts.map(String).join('\u0000')).slice(0, 16);
}

/** Builds a finding with its id. The key is completed by `assignKeys` once all findings of a file are known. */
export function makeFinding(input: FindingInput): Finding {
  const { subject, ...rest } = input;
  const finding: Finding = {
    id: shortHash([input.rule, input.file, input.line, subject]),
    key: shortHash([input.rule, input.file, subject]),
    ...rest,
  };
  if (finding.data === undefined) delete finding.data;
  return finding;
}

/**
 * Makes `key` unique per file while staying independent of line numbers: the n-th finding with the
 * same rule, file and subject (so the same base key) gets n mixed in, so inserting lines above it
 * does not change its key. Call once, on findings sorted by file and line.
 */
export function assignKeys(findings: Finding[]): void {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const n = seen.get(f.key) ?? 0;
    seen.set(f.key, n + 1);
    if (n > 0) f.key = shortHash([f.key, n]);
  }
}

function compareNullableLine(a: number | null, b: number | null): number {
  return (a ?? 0) - (b ?? 0);
}

/** Deterministic order: file, line, rule, id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      cmp(a.file, b.file) || compareNullableLine(a.line, b.line) || cmp(a.rule, b.rule) || cmp(a.id, b.id),
  );
}

export function sortPackages(packages: PackageInstall[]): PackageInstall[] {
  return packages.sort(
    (a, b) => cmp(a.file, b.file) || a.line - b.line || cmp(a.name, b.name) || cmp(a.arch ?? '', b.arch ?? ''),
  );
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
