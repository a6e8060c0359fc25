import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_RELEASE } from '../convert/project.js';
import { defaultOpenrcDir, generateOpenrcFiles } from '../generate/openrc-files.js';
import { scan } from '../scan/scanner.js';
import { loadKnowledge } from '../knowledge/load.js';
import { makeBuildPlan, placeGenerated } from '../plan/build-plan.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { checkRelease, readRepoConfig, requireRepoDir, scanOptionsOf, settingsFor } from './repo.js';
import { writeGenerated } from './write-generated.js';

export interface OpenrcArgs {
  dir: string;
  out?: string;
  'openrc-dir'?: string;
  release: string;
  'dry-run': boolean;
  force: boolean;
  json: boolean;
  exclude: string[];
}

export function openrcBuilder(y: Argv): Argv<OpenrcArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository holding the systemd units' })
    .option('out', { type: 'string', describe: 'Write under this directory (mirroring paths) instead of beside the originals in DIR' })
    .option('openrc-dir', { type: 'string', describe: 'Repo-relative directory for the OpenRC files (default: openrc/ beside the first unit file)' })
    .option('release', { type: 'string', default: DEFAULT_RELEASE, describe: 'Target Alpine release: decides which OpenRC features the scripts may use' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print what would be written; write nothing' })
    .option('force', { type: 'boolean', default: false, describe: 'Overwrite generated files even when edited by hand' })
    .option('exclude', { type: 'array', string: true, default: [] as string[], describe: 'Paths to skip, as .gitignore lines (repeatable; adds to .migrate.ini [scan] exclude)' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the outcome per file as JSON' })
    .example('$0 openrc ./agnos-builder --dry-run', 'Show the OpenRC scripts for every unit')
    .example('$0 openrc ./agnos-builder --out ../agnos-alpine', 'Write them under another tree') as unknown as Argv<OpenrcArgs>;
}

export async function runOpenrc(args: OpenrcArgs, io: CliIo): Promise<number> {
  requireRepoDir(args.dir, 'migrate openrc ./agnos-builder');
  checkRelease(args.release, io, false);
  const config = readRepoConfig(args.dir);
  const result = await scan(args.dir, { ...scanOptionsOf(settingsFor(config, 'openrc'), { exclude: args.exclude }), release: args.release.replace(/^v/, '') });
  const conv = result.conversion;
  // Where generate puts them: beside the units, or in the parallel tree when the Ubuntu build takes that directory whole.
  const parallel = config.parallel;
  const plan = makeBuildPlan(result, { release: args.release, arch: result.target.arch, tarballs: loadKnowledge().baseImages.tarballs, ...(parallel ? { parallelRoot: parallel } : {}) });
  const dir = args['openrc-dir'] ?? placeGenerated(plan, defaultOpenrcDir(result));
  if (dir.startsWith('/') || dir.split('/').includes('..')) throw new UsageError(`--openrc-dir ${dir} must be a path inside the repository`);
  const files = generateOpenrcFiles(conv, result, dir);
  const root = resolve(args.out ?? args.dir);
  // Originals are what the scan read, less the output directory (a previous run's files).
  const sources = new Set(result.files.map((f) => f.file).filter((f) => !f.startsWith(`${dir}/`)));
  let reports;
  try {
    reports = writeGenerated(root, files, { sources: args.out ? new Set() : sources, force: args.force, dryRun: args['dry-run'] });
  } catch (err) {
    throw new UsageError(`cannot write under ${root}: ${(err as NodeJS.ErrnoException).code ?? err}`, EXIT.environment);
  }
  if (args.json) {
    io.stdout(`${JSON.stringify({ root, files: reports }, null, 2)}\n`);
  } else {
    for (const r of reports) {
      const file = files.find((f) => f.path === r.path)!;
      if (args['dry-run'] && (r.outcome === 'created' || r.outcome === 'updated')) io.stdout(`=== ${r.path} (${r.outcome === 'created' ? 'new' : 'changed'})\n${file.content}\n`);
      else io.stdout(`${r.outcome.padEnd(18)} ${r.path}\n`);
    }
    const kept = reports.filter((r) => r.outcome.startsWith('kept'));
    if (kept.length) io.stderr(`kept ${kept.length} file(s) edited by hand or not written by migrate; --force replaces them\n`);
    io.stderr(`${conv.services.length} OpenRC scripts, ${conv.timers.length} timers, ${conv.fstab.length} mounts from ${conv.units.length} units; ${conv.notes.length} directives need attention (migrate scan lists them)\n`);
  }
  return EXIT.ok;
}
