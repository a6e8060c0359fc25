import { DEFAULT_RELEASE } from '../convert/project.js';
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { ChecklistError, evaluateChecklist, validateDefinition, type ChecklistDefinition } from '../checklist/evaluate.js';
import { renderChecklistMarkdown, tickedItems } from '../checklist/markdown.js';
import { answerPackages } from '../db/annotate.js';
import { loadLibcTables } from '../db/database.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { PackageMap } from '../db/lookup.js';
import { findStickyComment, GitHubError, postStickyComment } from '../github/comments.js';
import { mappingsDir } from '../paths.js';
import { scan } from '../scan/scanner.js';
import { openDbForRead } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { readRepoConfig, requireRepoDir, scanOptionsOf, settingsFor } from './repo.js';
import { isAlpineFile, sourceDigest, type VerifyReport } from '../verify/report.js';

export interface ChecklistArgs {
  dir: string;
  format: 'md' | 'json';
  json: boolean;
  checklist?: string;
  state?: string;
  verify?: string;
  post: boolean;
  pr?: number;
  repo?: string;
  db?: string;
  arch: string;
}

export function checklistBuilder(y: Argv): Argv<ChecklistArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository being migrated' })
    .option('format', { choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Output format' })
    .option('json', { type: 'boolean', default: false, describe: 'Short for --format json' })
    .option('checklist', { type: 'string', describe: 'Checklist definition (JSON, like mappings/checklist.json)' })
    .option('verify', { type: 'string', describe: 'A migrate verify --json report: ticks what the run proved, if it is about the files as they are now' })
    .option('state', { type: 'string', describe: 'JSON file {"ticked": ["A4", ...]}: manual items ticked' })
    .option('post', { type: 'boolean', default: false, describe: 'Post (or update) the sticky comment on a pull request; needs GITHUB_TOKEN' })
    .option('pr', { type: 'number', describe: 'Pull request number, with --post' })
    .option('repo', { type: 'string', describe: 'OWNER/NAME, with --post (default: $GITHUB_REPOSITORY)' })
    .option('db', { type: 'string', describe: 'Package database' })
    .option('arch', { type: 'string', choices: alpineArches(), describe: 'Target Alpine architecture (default: decided from the repository: a --platform, the root filesystem tarball, most ELF files; else x86_64)' })
    .example('$0 checklist ./agnos-builder', 'The plan phases with each box decided from the repository')
    .example('GITHUB_TOKEN=... $0 checklist . --post --pr 42 --repo commaai/agnos-builder', 'Keep it current in the PR') as unknown as Argv<ChecklistArgs>;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** A verify report, and which of the files it ran (or Alpine files made since) differ from it now. */
function readVerifyReport(path: string, dir: string, files: string[]): { report: VerifyReport; stale: string[] } {
  const report = readJson(path, '--verify') as VerifyReport | null;
  if (!report || report.schema !== 'migrate/verify-report' || typeof report.sources !== 'object' || report.sources === null || !Array.isArray(report.steps) || typeof report.summary !== 'object' || report.summary === null) throw new UsageError(`--verify ${path}: not a migrate verify --json report (of this version); run migrate verify DIR --json > ${path}`);
  // Only repository files are read: a path in the report that leaves the repository counts as changed.
  const inRepo = (f: string) => typeof f === 'string' && f !== '' && !f.startsWith('/') && !f.split('/').includes('..');
  const now = (f: string) => (inRepo(f) && existsSync(join(dir, f)) && lstatSync(join(dir, f)).isFile() ? sourceDigest(readFileSync(join(dir, f))) : null);
  const stale = Object.entries(report.sources).filter(([f, digest]) => now(f) !== digest).map(([f]) => f);
  for (const f of files) if (isAlpineFile(f) && !(f in report.sources)) stale.push(f);
  return { report, stale };
}

export async function runChecklist(args: ChecklistArgs, io: CliIo): Promise<number> {
  requireRepoDir(args.dir, 'migrate checklist .');
  let target = null;
  if (args.post) {
    const token = process.env.GITHUB_TOKEN;
    const repo = args.repo ?? process.env.GITHUB_REPOSITORY;
    if (!token) throw new UsageError('--post needs GITHUB_TOKEN in the environment (in Actions: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})');
    if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) throw new UsageError('--post needs --repo OWNER/NAME (or GITHUB_REPOSITORY)');
    if (!args.pr || !Number.isInteger(args.pr) || args.pr <= 0) throw new UsageError('--post needs --pr N, the pull request number');
    const [owner, name] = repo.split('/') as [string, string];
    target = { owner, repo: name, pr: args.pr, token, baseUrl: process.env.GITHUB_API_URL || 'https://api.github.com' };
  }
  let def: ChecklistDefinition;
  try {
    def = validateDefinition(readJson(args.checklist ?? join(mappingsDir(), 'checklist.json'), '--checklist'), args.checklist ?? 'mappings/checklist.json');
  } catch (err) {
    if (err instanceof ChecklistError) throw new UsageError(err.message);
    throw err;
  }
  const ticked = new Set<string>();
  if (args.state) {
    const s = readJson(args.state, '--state') as { ticked?: unknown } | null;
    if (!s || !Array.isArray(s.ticked)) throw new UsageError(`--state ${args.state}: expected {"ticked": ["item id", ...]}`);
    for (const t of s.ticked) ticked.add(String(t));
  }
  const db = openDbForRead(args.db);
  try {
    let existing = null;
    if (target) {
      try {
        existing = await findStickyComment(target);
      } catch (err) {
        if (err instanceof GitHubError) throw new UsageError(err.message, EXIT.remote);
        throw err;
      }
      if (existing) for (const t of tickedItems(existing.body)) ticked.add(t);
    }
    const chosen = scanOptionsOf(settingsFor(readRepoConfig(args.dir), 'checklist'), { arch: args.arch });
    const result = await scan(args.dir, { ...chosen, libc: loadLibcTables(db, chosen.release ?? DEFAULT_RELEASE) });
    const answers = answerPackages(result, new PackageMap(db, result.target));
    const files = result.files.map((f) => f.file);
    const evaluated = evaluateChecklist(def, { files, read: (p) => readFileSync(join(args.dir, p), 'utf8'), result, answers, ticked, verify: args.verify ? readVerifyReport(args.verify, args.dir, files) : null });
    const json = args.json || args.format === 'json';
    if (json && !target) {
      io.stdout(`${JSON.stringify(evaluated, null, 2)}\n`);
      return EXIT.ok;
    }
    const body = renderChecklistMarkdown(evaluated, 'run migrate checklist locally, or migrate scan --format md, for the full report');
    if (!target) {
      io.stdout(body);
      return EXIT.ok;
    }
    try {
      const r = await postStickyComment(target, body, existing);
      io.stderr(`${r.action} the checklist comment on ${target.owner}/${target.repo}#${target.pr}: ${r.url}\n`);
      if (json) io.stdout(`${JSON.stringify({ ...r, done: evaluated.done, total: evaluated.total })}\n`);
    } catch (err) {
      if (err instanceof GitHubError) throw new UsageError(err.message, EXIT.remote);
      throw err;
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}
