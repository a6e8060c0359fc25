import { DEFAULT_RELEASE } from '../convert/project.js';
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, realpathSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { answerPackages, type PackageAnswers } from '../db/annotate.js';
import { loadLibcTables, openDb } from '../db/database.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { PackageMap } from '../db/lookup.js';
import { jsonReport } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderSarif } from '../report/sarif.js';
import { renderTty } from '../report/tty.js';
import { renderHtml } from '../report/html.js';
import { severityAtLeast, type Severity } from '../scan/result.js';
import { allRules, DEFAULT_MAX_FILE_SIZE, scan } from '../scan/scanner.js';
import { dbPathForRead, openDbForRead } from './db-path.js';
import { EXIT, UsageError, writePieces, type CliIo } from './io.js';
import { checkRelease, FAIL_ON, readRepoConfig, scanOptionsOf } from './repo.js';

export const FORMATS = ['md', 'json', 'sarif', 'html', 'tty'] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanArgs {
  dir: string;
  format: Format;
  json: boolean;
  out?: string;
  exclude: string[];
  ignore: string[];
  /** Undefined when not given: .migrate.ini [scan] fail-on, else none. */
  'fail-on'?: Severity | 'none';
  'max-file-size': number;
  db?: string;
  release?: string;
  arch: string;
  baseline?: string;
}

/** Finding keys of a previous JSON report: findings with these keys are known, not new. */
function readBaselineKeys(path: string): Set<string> {
  let report: { schema?: string; findings?: { key?: string }[] };
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as typeof report;
  } catch (err) {
    throw new UsageError(`--baseline ${path}: cannot read it as a JSON report (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); make one with migrate scan --json --out ${path}`);
  }
  if (report.schema !== 'migrate/scan-report' || !Array.isArray(report.findings)) throw new UsageError(`--baseline ${path} is not a migrate JSON report; make one with migrate scan --json --out ${path}`);
  return new Set(report.findings.map((f) => f.key).filter((k): k is string => typeof k === 'string'));
}

/** The C library tables of the architecture the scan settles on, read from the database then. */
function readLibc(flag: string | undefined, release: string): ReturnType<typeof loadLibcTables> {
  return (arch) => {
    try {
      const db = openDb(dbPathForRead(flag), { readonly: true });
      try {
        return loadLibcTables(db, release)(arch);
      } finally {
        db.close();
      }
    } catch {
      return { musl: null, gcompat: null, so: null }; // a missing database is reported by the package lookup step
    }
  };
}

/** The real path a write to `path` reaches: links at it and above it resolved, a dangling one too (writeFileSync would create its target). */
function realOutPath(path: string): string {
  let at = path;
  const rest: string[] = [];
  for (let hops = 0; hops < 40; ) {
    try {
      return join(realpathSync(at), ...rest);
    } catch {
      // `at` does not resolve: a dangling link is followed by hand, a missing name is stepped over.
    }
    try {
      if (lstatSync(at).isSymbolicLink()) {
        at = resolve(dirname(at), readlinkSync(at));
        hops++;
        continue;
      }
    } catch {
      // not there at all
    }
    if (dirname(at) === at) return join(at, ...rest);
    rest.unshift(basename(at));
    at = dirname(at);
  }
  throw new UsageError(`--out ${path}: too many symbolic links; give a plain path`);
}

/** Looks every found package up in the database (default: the one built into the package). */
function mapWithDatabase(result: Awaited<ReturnType<typeof scan>>, flag: string | undefined): PackageAnswers {
  const db = openDbForRead(flag);
  try {
    return answerPackages(result, new PackageMap(db, result.target));
  } finally {
    db.close();
  }
}

export function scanBuilder(y: Argv): Argv<ScanArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository to scan (it is only read, never written)', demandOption: true })
    .option('format', { alias: 'f', choices: FORMATS, default: 'md' as Format, describe: 'Report format' })
    .option('json', { type: 'boolean', default: false, describe: 'Shorthand for --format json' })
    .option('out', { alias: 'o', type: 'string', describe: 'Write the report to this file instead of stdout' })
    .option('exclude', { type: 'array', string: true, default: [] as string[], describe: 'Paths to skip, as .gitignore lines (repeatable; adds to .migrate.ini [scan] exclude); .git and node_modules are always skipped' })
    .option('ignore', { type: 'array', string: true, default: [] as string[], describe: 'Rule to silence (repeatable; busybox/* for a family; adds to .migrate.ini [scan] ignore); counted as suppressed in the report' })
    .option('fail-on', { choices: FAIL_ON, describe: 'Exit 1 when a finding of this severity or worse exists (default: .migrate.ini [scan] fail-on, else none)' })
    .option('db', { type: 'string', describe: 'Package database for the Alpine column (default: $MIGRATE_DB, the user database, else the built-in one)' })
    .option('baseline', { type: 'string', describe: 'A previous --json report: show (and --fail-on) only findings not in it' })
    .option('arch', { type: 'string', choices: alpineArches(), describe: 'Target Alpine architecture (default: decided from the repository: a --platform, the root filesystem tarball, most ELF files; else x86_64)' })
    .option('release', { type: 'string', describe: `Target Alpine release (decides which OpenRC features unit conversions may use; default ${DEFAULT_RELEASE})` })
    .option('max-file-size', { type: 'number', default: DEFAULT_MAX_FILE_SIZE, describe: 'Scripts and Dockerfiles larger than this many bytes are reported, not parsed' })
    .example('$0 scan examples/ubuntu-image', 'Markdown parity report on stdout')
    .example('$0 scan ./agnos --json --out report.json --fail-on error', 'JSON report to a file; exit 1 if any error finding') as unknown as Argv<ScanArgs>;
}

export async function runScan(args: ScanArgs, io: CliIo, version: string): Promise<number> {
  const dir = args.dir;
  if (!dir) throw new UsageError('missing DIR: give the path of the repository to scan, e.g. migrate scan ./agnos-builder');
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${dir}: no such directory. Give the path of the repository to scan, e.g. migrate scan ./agnos-builder`);
  }
  if (!isDir) throw new UsageError(`${dir} is a file, not a directory. Give the repository's top directory.`);
  if (!(args['max-file-size'] > 0)) throw new UsageError('--max-file-size must be a positive number of bytes.');

  const progress = io.stderrIsTty
    ? (done: number, total: number) => io.stderr(`\rscanning ${done}/${total} files${done === total ? '\n' : ''}`)
    : undefined;
  const config = readRepoConfig(dir);
  const settings = config.scan;
  const release = args.release ?? settings.release ?? undefined;
  checkRelease(release ?? DEFAULT_RELEASE, io, release !== undefined);
  const libc = readLibc(args.db, (release ?? DEFAULT_RELEASE).replace(/^v/, ''));
  const result = await scan(dir, { ...scanOptionsOf(settings, args), maxFileSize: args['max-file-size'], libc, ...(progress ? { onProgress: progress } : {}) });
  const title = basename(resolve(dir));
  const format: Format = args.json ? 'json' : args.format;
  const answers = mapWithDatabase(result, args.db);
  let hidden = 0;
  if (args.baseline) {
    const known = readBaselineKeys(args.baseline);
    const before = result.findings.length;
    result.findings = result.findings.filter((f) => !known.has(f.key));
    hidden = before - result.findings.length;
  }
  // Pieces, written as they are made: the JSON of 120,000 packages is 80 MB (src/report/json-stream.ts).
  const report: Iterable<string> =
    format === 'json' ? jsonReport(result, title, version, answers)
    : format === 'sarif' ? [renderSarif(result, allRules(), version)]
    : format === 'html' ? [renderHtml(result, title, answers)]
    : format === 'tty' ? [renderTty(result)]
    : [renderMarkdown(result, title, answers)];
  if (args.baseline) io.stderr(`baseline ${args.baseline}: ${hidden} known finding(s) hidden, ${result.findings.length} new\n`);

  if (args.out) {
    const out = resolve(args.out);
    // Where the write would really land: through a link at the path or above it.
    const landing = realOutPath(out);
    const repo = realpathSync(dir);
    if (out === resolve(dir) || out.startsWith(`${resolve(dir)}/`) || landing === repo || landing.startsWith(`${repo}/`)) {
      throw new UsageError(`--out ${args.out} is inside the scanned repository, which migrate never writes to. Choose a path outside it.`);
    }
    try {
      mkdirSync(dirname(out), { recursive: true });
      const fd = openSync(out, 'w');
      try {
        for (const piece of report) {
          const bytes = Buffer.from(piece);
          // write(2) may take less than it is given: go on from where it stopped.
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
        }
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      // The report is made while it is written: only a file-system error is the path's fault.
      if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
      throw new UsageError(`cannot write ${args.out}: ${(err as NodeJS.ErrnoException).code}. Check the path and its permissions.`, EXIT.environment);
    }
    const s = result.findings;
    const count = (sev: Severity) => s.filter((f) => f.severity === sev).length;
    const silenced = result.suppressed?.length ? `, ${result.suppressed.length} suppressed` : '';
    io.stderr(`wrote ${args.out}: ${result.packages.length} package installs, ${s.length} findings (${count('error')} error, ${count('warning')} warning, ${count('info')} info)${silenced}\n`);
  } else {
    await writePieces(io, report);
    // One line per finding has no summary to count them in: the count goes to stderr.
    if (format === 'tty' && result.suppressed?.length) io.stderr(`migrate: ${result.suppressed.length} finding(s) suppressed by pragmas, .migrate.ini or --ignore; --json lists them\n`);
  }

  const threshold = args['fail-on'] ?? settings.failOn ?? 'none';
  if (threshold !== 'none' && result.findings.some((f) => severityAtLeast(f.severity, threshold))) return EXIT.failOn;
  return EXIT.ok;
}
