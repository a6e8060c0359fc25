/**
 * The contract between the scanner and the extractors. An extractor is pure: it receives a file's
 * content and returns facts and findings; the scanner does all I/O and isolates every call.
 */
import type { BaseImage, BinaryFact, Confidence, DebFact, FileReference, Finding, FindingInput, PackageInstall, ServiceAction, Severity, UnitFileFact } from './result.js';
import type { Knowledge } from '../knowledge/load.js';

export type FileKind =
  | 'shell'
  | 'dockerfile'
  | 'systemd-unit'
  | 'deb'
  | 'elf'
  | 'lfs-pointer'
  /** A configuration file of a Debian tool (mappings/config-rules.tsv). */
  | 'config'
  /** A program in another language (Python, C, Perl, ...): read for commands in its string literals. */
  | 'program'
  /** A GitHub Actions workflow: its run: steps are shell on the build host. */
  | 'workflow'
  | 'other';

export interface SourceFile {
  /** Repo-relative POSIX path. */
  path: string;
  kind: FileKind;
  /** Decoded text (UTF-8, invalid sequences replaced), with a leading BOM removed. */
  text: string;
  size: number;
  /** The raw content, for binary kinds (deb, elf); text is empty for them. */
  bytes?: Buffer;
  /** Where to read it instead, for a kind read by offset (ELF): set when `bytes` is not. */
  absolute?: string;
}

export interface ExtractContext {
  knowledge: Knowledge;
}

/** What one extractor call returns. */
export interface Extraction {
  packages: PackageInstall[];
  baseImages: BaseImage[];
  unitFiles: UnitFileFact[];
  serviceActions: ServiceAction[];
  binaries: BinaryFact[];
  debs: DebFact[];
  /** COPY/ADD, globs and docker builds: what the build names, for the plan of the build. */
  references: FileReference[];
  findings: Finding[];
}

export interface RuleMeta {
  /** '<kind>/<kebab-name>' */
  id: string;
  severity: Severity;
  confidence: Confidence;
  /** One line, shown by `migrate rules`. */
  description: string;
  remediation: string;
  /**
   * Set when a finding of the rule stops the Alpine build (`build`) or a program on it (`run`) and
   * generate cannot fix it for the user: reports list these first, as blockers.
   */
  blocks?: 'build' | 'run';
}

export interface Extractor {
  /** Folder under src/scan/ and rule-id prefix ('shell', 'dockerfile', 'systemd'). */
  name: string;
  /** The file kind this extractor claims. */
  kind: FileKind;
  rules: readonly RuleMeta[];
  extract(file: SourceFile, ctx: ExtractContext): Extraction | Promise<Extraction>;
}

export type { FindingInput };

export function emptyExtraction(): Extraction {
  return { packages: [], baseImages: [], unitFiles: [], serviceActions: [], binaries: [], debs: [], references: [], findings: [] };
}
