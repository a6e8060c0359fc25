/**
 * The repository a command works on: the directory check every command makes, and the user's
 * `.migrate.ini` (sibling names, the parallel tree, [scan] settings and [severity] overrides), read
 * once the same way for every command.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ini from 'ini';
import { endOfLife, releaseProblem } from '../knowledge/alpine-releases.js';
import { UsageError, type CliIo } from './io.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { everyRule } from '../rules.js';
import { isKnownRule } from '../scan/suppress.js';
import type { Severity } from '../scan/result.js';
import type { ScanOptions } from '../scan/scanner.js';

export const CONFIG_FILE = '.migrate.ini';

/** DIR must be given and be a directory; `example` completes "e.g. ..." in the message. */
export function requireRepoDir(dir: string | undefined, example: string): asserts dir is string {
  if (!dir) throw new UsageError(`missing DIR: give the repository, e.g. ${example}`);
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${dir}: no such directory. Give the repository's top directory.`);
  }
}

export interface RepoConfig {
  /** [siblings]: original = sibling, both repo-relative. */
  siblings: Map<string, string>;
  /** [layout] parallel: where siblings go that would land in what the Ubuntu build takes whole. */
  parallel: string | null;
  /** [scan] and [severity]: what every command that scans the repository applies. */
  scan: ScanSettings;
  /** [generate], [openrc], [checklist], [apkbuild]: a command's own, over [scan]. */
  commands: Map<string, ScanSettings>;
}

export const COMMAND_SECTIONS = ['generate', 'openrc', 'checklist', 'apkbuild'] as const;

/**
 * The settings `command` scans with: [scan], then the command's own section, whose arch and
 * release win and whose ignore and exclude add to [scan]'s.
 */
export function settingsFor(config: RepoConfig, command: (typeof COMMAND_SECTIONS)[number]): ScanSettings {
  const own = config.commands.get(command);
  if (!own) return config.scan;
  const base = config.scan;
  return {
    ignore: [...base.ignore, ...own.ignore],
    exclude: [...base.exclude, ...own.exclude],
    failOn: base.failOn,
    arch: own.arch ?? base.arch,
    release: own.release ?? base.release,
    severity: base.severity,
  };
}

/** [scan] of .migrate.ini; command-line options win over each, and --exclude adds to exclude. */
export interface ScanSettings {
  ignore: string[];
  exclude: string[];
  failOn: FailOn | null;
  arch: string | null;
  release: string | null;
  /** [severity]: rule (or family/*) = error | warning | info. */
  severity: Map<string, Severity>;
}

export const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];
const SCAN_KEYS = ['ignore', 'exclude', 'fail-on', 'arch', 'release'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const NO_SETTINGS: ScanSettings = { ignore: [], exclude: [], failOn: null, arch: null, release: null, severity: new Map() };

/** `a, b` or ini's `key[] = a` lines: a list either way. */
function list(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [String(value)];
  return items.map((x) => x.trim()).filter(Boolean);
}

/** One section of settings: [scan], or a command's own ([generate], ...), which takes the same keys but fail-on. */
function scanSettings(path: string, parsed: Record<string, unknown>, name = 'scan'): ScanSettings {
  const section = (parsed[name] ?? {}) as Record<string, unknown>;
  const keys = name === 'scan' ? SCAN_KEYS : SCAN_KEYS.filter((k) => k !== 'fail-on');
  const bad = (what: string) => new UsageError(`${path}: ${what}`);
  const unknownKey = Object.keys(section).map((k) => k.replace(/\[\]$/, '')).find((k) => !keys.includes(k));
  if (unknownKey) throw bad(`[${name}] ${unknownKey} is not a setting; use ${keys.join(', ')}`);
  const get = (k: string) => section[k] ?? section[`${k}[]`];
  const known = everyRule().map((r) => r.id);
  const ignore = list(get('ignore') ?? []);
  const unknownRule = ignore.find((r) => !isKnownRule(r, known));
  if (unknownRule) throw bad(`[${name}] ignore names ${unknownRule}, which is no rule of migrate; migrate rules lists them`);
  const failOn = get('fail-on');
  if (failOn !== undefined && !FAIL_ON.includes(String(failOn) as FailOn)) throw bad(`[${name}] fail-on = ${String(failOn)}: use one of ${FAIL_ON.join(', ')}`);
  const arch = get('arch');
  if (arch !== undefined && !alpineArches().includes(String(arch))) throw bad(`[${name}] arch = ${String(arch)}: use one of ${alpineArches().join(', ')}`);
  const release = get('release');
  if (release !== undefined) {
    const problem = releaseProblem(String(release).replace(/^v/, ''));
    if (problem) throw bad(`[${name}] release = ${String(release)}: ${problem}`);
  }
  const severity = new Map<string, Severity>();
  for (const [rule, level] of Object.entries((name === 'scan' ? (parsed.severity ?? {}) : {}) as Record<string, unknown>)) {
    if (!isKnownRule(rule, known)) throw bad(`[severity] ${rule} is no rule of migrate; migrate rules lists them`);
    if (!SEVERITIES.includes(String(level) as Severity)) throw bad(`[severity] ${rule} = ${String(level)}: use error, warning or info`);
    severity.set(rule, String(level) as Severity);
  }
  return {
    ignore,
    exclude: list(get('exclude') ?? []),
    failOn: failOn === undefined ? null : (String(failOn) as FailOn),
    arch: arch === undefined ? null : String(arch),
    release: release === undefined ? null : String(release).replace(/^v/, ''),
    severity,
  };
}

/** DIR/.migrate.ini, checked whole: a bad value is a usage error naming it. */
export function readRepoConfig(dir: string): RepoConfig {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) return { siblings: new Map(), parallel: null, scan: NO_SETTINGS, commands: new Map() };
  let parsed: Record<string, unknown>;
  try {
    parsed = ini.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
  const section = (parsed.siblings ?? {}) as Record<string, unknown>;
  const out = new Map(Object.entries(section).map(([k, v]) => [k, String(v)]));
  // A sibling lands inside the repository, apart from every original and every other sibling.
  const seen = new Map<string, string>();
  for (const [original, sibling] of out) {
    const bad = sibling === '' || sibling.startsWith('/') || sibling.split('/').includes('..') ? 'must be a path inside the repository'
      : out.has(sibling) ? 'is itself an original named in [siblings]'
      : seen.has(sibling) ? `is also the sibling of ${seen.get(sibling)}` : null;
    if (bad) throw new UsageError(`${path}: [siblings] ${original} = ${sibling}: the sibling ${bad}; pick another name`);
    seen.set(sibling, original);
  }
  const parallel = (parsed.layout as Record<string, unknown> | undefined)?.parallel;
  if (parallel !== undefined && (typeof parallel !== 'string' || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(parallel) || parallel.split('/').includes('..'))) {
    throw new UsageError(`${path}: [layout] parallel = ${String(parallel)}: give a directory inside the repository, e.g. alpine`);
  }
  const commands = new Map(COMMAND_SECTIONS.filter((c) => parsed[c] !== undefined).map((c) => [c, scanSettings(path, parsed, c)] as const));
  return { siblings: out, parallel: typeof parallel === 'string' ? parallel : null, scan: scanSettings(path, parsed), commands };
}

/**
 * --release must name a release the tables know (or edge). One the user asked for that is past its
 * end of support is said on stderr; the default's end is stated in every report instead.
 */
export function checkRelease(value: string, io: CliIo, given: boolean, now = new Date()): void {
  const problem = releaseProblem(value);
  if (problem) throw new UsageError(problem);
  const eol = given ? endOfLife(value, now) : null;
  if (eol) io.stderr(`migrate: warning: ${eol}\n`);
}

/**
 * The scan options a command's own flags and .migrate.ini [scan] give together: a flag wins over
 * the file for arch and release; exclude and ignore add up. Reports say which one chose.
 */
export function scanOptionsOf(settings: ScanSettings, args: { exclude?: readonly string[]; ignore?: readonly string[]; arch?: string | undefined; release?: string | undefined }): Pick<ScanOptions, 'exclude' | 'ignore' | 'severity' | 'arch' | 'archHow' | 'release' | 'releaseHow'> {
  const arch = args.arch ?? settings.arch;
  const release = args.release?.replace(/^v/, '') ?? settings.release;
  return {
    exclude: [...settings.exclude, ...(args.exclude ?? [])],
    ignore: [...settings.ignore, ...(args.ignore ?? [])],
    severity: settings.severity,
    ...(arch ? { arch, archHow: args.arch ? '--arch' : `${CONFIG_FILE} [scan] arch` } : {}),
    ...(release ? { release, releaseHow: args.release ? '--release' : `${CONFIG_FILE} [scan] release` } : {}),
  };
}
