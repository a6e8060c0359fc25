import { DEFAULT_RELEASE } from '../convert/project.js';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PackageMap, type Answer } from '../db/lookup.js';
import { generateApkbuild } from '../generate/apkbuild.js';
import { scan } from '../scan/scanner.js';
import { loadLibcTables } from '../db/database.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { openDbForRead } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { readRepoConfig, requireRepoDir, scanOptionsOf, settingsFor } from './repo.js';
import { writeGenerated } from './write-generated.js';

export interface ApkbuildArgs {
  dir: string;
  out?: string;
  db?: string;
  arch: string;
  'dry-run': boolean;
  force: boolean;
  json: boolean;
}

export function apkbuildBuilder(y: Argv): Argv<ApkbuildArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository holding .deb files' })
    .option('out', { type: 'string', describe: 'Write under this directory (mirroring paths) instead of beside the .deb files in DIR' })
    .option('db', { type: 'string', describe: 'Package database (maps Depends to Alpine names)' })
    .option('arch', { type: 'string', choices: alpineArches(), describe: 'Target Alpine architecture (default: decided from the repository: a --platform, the root filesystem tarball, most ELF files; else x86_64)' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Print the APKBUILDs; write nothing' })
    .option('force', { type: 'boolean', default: false, describe: 'Overwrite generated APKBUILDs even when edited by hand' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the outcome per file as JSON' })
    .example('$0 apkbuild ./agnos-builder --dry-run', 'One APKBUILD per .deb, in apk/<name>/ beside it') as unknown as Argv<ApkbuildArgs>;
}

export async function runApkbuild(args: ApkbuildArgs, io: CliIo): Promise<number> {
  requireRepoDir(args.dir, 'migrate apkbuild ./agnos-builder');
  const db = openDbForRead(args.db);
  try {
    const chosen = scanOptionsOf(settingsFor(readRepoConfig(args.dir), 'apkbuild'), { arch: args.arch });
    const result = await scan(args.dir, { ...chosen, libc: loadLibcTables(db, chosen.release ?? DEFAULT_RELEASE) });
    const map = new PackageMap(db, result.target);
    const used = new Set<string>();
    // The .deb's file name goes into the APKBUILD's source= and package(), which abuild runs as shell.
    const quotable = (d: { file: string }) => /^[A-Za-z0-9._+~-]+$/.test(posix.basename(d.file));
    // JSON-quoted: the name may hold line breaks, and this message stays one line.
    for (const d of result.debs.filter((x) => !quotable(x))) io.stderr(`migrate: skipped ${JSON.stringify(d.file)}: its file name has characters an APKBUILD cannot carry safely; rename it to letters, digits and ._+~-\n`);
    const files = result.debs.filter(quotable).map((deb) => {
      const answers = new Map<string, Answer>();
      for (const d of [...deb.preDepends, ...deb.depends]) answers.set(d, map.lookup(d));
      const f = generateApkbuild(deb, readFileSync(join(args.dir, deb.file)), result.blobs, answers, posix.join(posix.dirname(deb.file), 'apk'));
      // Two .deb files of the same package: the second APKBUILD goes beside, named after its file.
      if (used.has(f.path)) f.path = f.path.replace(/\/APKBUILD$/, `-${posix.basename(deb.file, '.deb')}/APKBUILD`);
      used.add(f.path);
      return f;
    });
    const root = resolve(args.out ?? args.dir);
    let reports;
    try {
      reports = writeGenerated(root, files, { sources: new Set(result.debs.map((d) => d.file)), force: args.force, dryRun: args['dry-run'] });
    } catch (err) {
      throw new UsageError(`cannot write under ${root}: ${(err as Error).message}`, EXIT.environment);
    }
    if (args.json) io.stdout(`${JSON.stringify({ root, files: reports }, null, 2)}\n`);
    else {
      for (const r of reports) {
        const f = files.find((x) => x.path === r.path)!;
        if (args['dry-run'] && (r.outcome === 'created' || r.outcome === 'updated')) io.stdout(`=== ${r.path} (${r.outcome === 'created' ? 'new' : 'changed'})\n${f.content}\n`);
        else io.stdout(`${r.outcome.padEnd(18)} ${r.path}\n`);
      }
      io.stderr(`${files.length} APKBUILD(s) for ${result.debs.length} .deb file(s)${result.files.some((f) => f.kind === 'lfs-pointer') ? '; Git LFS pointers were skipped (git lfs pull first)' : ''}\n`);
    }
  } finally {
    db.close();
  }
  return EXIT.ok;
}
