import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_RELEASE } from '../convert/project.js';
import { loadLibcTables } from '../db/database.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { PackageMap } from '../db/lookup.js';
import { unifiedDiff } from '../generate/diff.js';
import { defaultOpenrcDir, generateOpenrcFiles } from '../generate/openrc-files.js';
import { planSiblings } from '../generate/siblings.js';
import { loadKnowledge } from '../knowledge/load.js';
import { scan } from '../scan/scanner.js';
import { makeBuildPlan, placeGenerated, rootfsArgs, takenBy } from '../plan/build-plan.js';
import { alpineBase } from '../generate/alpine-base.js';
import { makeRenames } from '../generate/wiring.js';
import { openDbForRead } from './db-path.js';
import { checkRelease, CONFIG_FILE, readRepoConfig, requireRepoDir, scanOptionsOf, settingsFor } from './repo.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { writeGenerated } from './write-generated.js';

export interface GenerateArgs {
  dir: string;
  out?: string;
  db?: string;
  release?: string;
  arch?: string;
  'dry-run': boolean;
  force: boolean;
  json: boolean;
}

export function generateBuilder(y: Argv): Argv<GenerateArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The Ubuntu image-build repository' })
    .option('out', { type: 'string', describe: 'Write under this directory (mirroring paths) instead of beside the originals' })
    .option('db', { type: 'string', describe: 'Package database' })
    .option('release', { type: 'string', describe: `Target Alpine release (alpine:<release> bases, OpenRC features; default ${DEFAULT_RELEASE})` })
    .option('arch', { type: 'string', choices: alpineArches(), describe: 'Target Alpine architecture (default: decided from the repository: a --platform, the root filesystem tarball, most ELF files; else x86_64)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be written as a unified diff; write nothing' })
    .option('force', { type: 'boolean', default: false, describe: 'Overwrite generated files even when edited by hand' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the outcome per file, with what was translated, as JSON' })
    .example('$0 generate ./agnos-builder --dry-run', 'Show the siblings as a diff')
    .example('$0 generate ./agnos-builder --release 3.20 --arch aarch64', 'Write Dockerfile.*.alpine, *_alpine.sh and openrc/ beside the originals') as unknown as Argv<GenerateArgs>;
}

export async function runGenerate(args: GenerateArgs, io: CliIo): Promise<number> {
  requireRepoDir(args.dir, 'migrate generate ./agnos-builder');
  const overrides = readRepoConfig(args.dir);
  const chosen = scanOptionsOf(settingsFor(overrides, 'generate'), args);
  const release = chosen.release ?? DEFAULT_RELEASE;
  checkRelease(release, io, chosen.release !== undefined);
  const db = openDbForRead(args.db);
  try {
    const result = await scan(args.dir, { ...chosen, release, ...(chosen.release ? {} : { releaseHow: 'default' }), libc: loadLibcTables(db, release) });
    const arch = result.target.arch;
    const knowledge = loadKnowledge();
    const plan = makeBuildPlan(result, { release, arch, tarballs: knowledge.baseImages.tarballs, ...(overrides.parallel ? { parallelRoot: overrides.parallel } : {}) });
    const conv = result.conversion;
    // With COPY . (the whole repository) there is no place the Ubuntu build does not take: say so.
    const wholeRepo = takenBy(plan, `${plan.parallelRoot}/x`);
    if (wholeRepo) io.stderr(`migrate: warning: ${wholeRepo.file}:${wholeRepo.line} copies ${wholeRepo.pattern} into the Ubuntu image, so the Alpine files under ${plan.parallelRoot}/ will be in it too; to keep them out, give that Dockerfile its own ignore file (${posix.basename(wholeRepo.file)}.dockerignore, BuildKit)\n`);
    const openrcDir = placeGenerated(plan, defaultOpenrcDir(result));
    const renames = new Map<string, string>();
    const shippedUnits = new Set(result.unitFiles.filter((u) => !u.dropIn).map((u) => u.unit));
    const hasPeriodic = conv.timers.some((t) => t.periodic);
    const hasCrontab = conv.timers.some((t) => !t.periodic && t.cron);
    const map = new PackageMap(db, { release, arch });
    // One read transaction for every lookup the translation makes (PackageMap.batch).
    const plans = map.batch(() => planSiblings(result, (p) => readFileSync(join(args.dir, p), 'utf8'), {
      knowledge,
      map,
      shippedUnits,
      runlevels: new Map(conv.services.map((s) => [s.name, s.runlevel])),
      release,
      arch: args.arch,
      openrcDir,
      hasPeriodic,
      hasCrontab,
      hasInitScripts: conv.services.length > 0 || conv.units.some((u) => u.name.type === 'path'),
      base: alpineBase(result, conv),
      rootfsArgs: rootfsArgs(plan),
      builtDebs: plan.builtDebs.map((b) => b.stem),
    }, overrides.siblings, { plan, repoFiles: result.files.map((f) => f.file), renames }));
    const openrcFiles = generateOpenrcFiles(conv, result, openrcDir, makeRenames(renames, result.files.map((f) => f.file)));
    const files = [...plans.map((p) => p.file), ...openrcFiles];
    const root = resolve(args.out ?? args.dir);
    const sources = new Set(result.files.map((f) => f.file).filter((f) => !files.some((g) => g.path === f)));
    const clash = files.find((f, i) => files.findIndex((g) => g.path === f.path) !== i);
    if (clash) throw new UsageError(`two generated files would both be ${clash.path}; name one in ${CONFIG_FILE} [siblings]`);
    let reports;
    try {
      reports = writeGenerated(root, files, { sources, force: args.force, dryRun: args['dry-run'] });
    } catch (err) {
      throw new UsageError(`cannot write under ${root}: ${(err as Error).message}`, EXIT.environment);
    }
    if (args.json) {
      io.stdout(`${JSON.stringify({ root, files: reports.map((r) => ({ ...r, ...(plans.find((p) => p.file.path === r.path) ? { from: plans.find((p) => p.file.path === r.path)!.original, notes: plans.find((p) => p.file.path === r.path)!.notes } : {}) })) }, null, 2)}\n`);
    } else {
      for (const r of reports) {
        const f = files.find((x) => x.path === r.path)!;
        if (args['dry-run'] && (r.outcome === 'created' || r.outcome === 'updated')) {
          const existing = r.outcome === 'updated' ? readFileSync(join(root, r.path), 'utf8') : '';
          io.stdout(unifiedDiff(existing, f.content, r.outcome === 'created' ? '/dev/null' : `a/${r.path}`, `b/${r.path}`));
        } else io.stdout(`${r.outcome.padEnd(18)} ${r.path}\n`);
      }
      const todos = plans.reduce((n, p) => n + p.notes.filter((x) => x.action === 'todo').length, 0);
      const kept = reports.filter((r) => r.outcome.startsWith('kept')).length;
      io.stderr(`${plans.length} siblings and ${openrcFiles.length} OpenRC files; ${todos} TODO(migrate) lines to review${kept ? `; kept ${kept} file(s) edited by hand (--force replaces them)` : ''}\n`);
    }
  } finally {
    db.close();
  }
  return EXIT.ok;
}
