/**
 * The `migrate` command line. The only place that sets exit codes and writes files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { packageRoot } from '../paths.js';
import { EXIT, UsageError, processIo, type CliIo } from './io.js';
import { apkbuildBuilder, runApkbuild, type ApkbuildArgs } from './apkbuild-command.js';
import { checklistBuilder, runChecklist, type ChecklistArgs } from './checklist-command.js';
import { dbCommands } from './db-command.js';
import { generateBuilder, runGenerate, type GenerateArgs } from './generate-command.js';
import { runLookup } from './lookup-command.js';
import { alpineArches } from '../knowledge/alpine-release.js';
import { openrcBuilder, runOpenrc, type OpenrcArgs } from './openrc-command.js';
import { runRules } from './rules-command.js';
import { runScan, scanBuilder, type ScanArgs } from './scan-command.js';
import { runVerify, verifyBuilder, type VerifyArgs } from './verify-command.js';

/** yargs puts what was wrong on later lines ("Invalid values:", then the argument): one line. */
function oneLine(msg: string): string {
  return msg.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
}

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Runs one command line and returns its exit code. Never calls process.exit. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const version = toolVersion();
  let code: number = EXIT.ok;
  let usageFailure: string | null = null;
  const parser = yargs(argv)
    .scriptName('migrate')
    .usage('$0 <command> [options]\n\nMove an Ubuntu-based image build to Alpine Linux without breaking the Ubuntu build.')
    .command<ScanArgs>('scan <dir>', 'Scan a repository: package installs, base images and Debian-only commands, with file and line', scanBuilder, async (args) => {
      code = await runScan(args, io, version);
    })
    .command('lookup <packages..>', 'The Alpine answer for Debian/Ubuntu package names, with kind, confidence and reason', (y) =>
      y
        .positional('packages', { type: 'string', array: true })
        .option('db', { type: 'string', describe: 'Database file' })
        .option('release', { type: 'string', describe: 'Target Alpine release whose catalogue answers (default: the newest supported one the embedded catalogue covers)' })
        .option('arch', { type: 'string', choices: alpineArches(), describe: 'Target Alpine architecture (default x86_64)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print as JSON' })
        .example('$0 lookup libzimg2 libssl3t64 --release 3.22', 'Alpine names with their evidence tier, confidence and reason'),
      (args) => {
        code = runLookup((args.packages as string[] | undefined) ?? [], { ...(args.db ? { db: args.db } : {}), ...(args.release ? { release: args.release as string } : {}), ...(args.arch ? { arch: args.arch as string } : {}), json: Boolean(args.json) }, io);
      },
    )
    .command<OpenrcArgs>('openrc <dir>', 'Convert the systemd units of a repository into OpenRC scripts, cron entries and fstab lines, written beside the originals', openrcBuilder, async (args) => {
      code = await runOpenrc(args, io);
    })
    .command<GenerateArgs>('generate <dir>', 'Write the Alpine siblings: Dockerfile*.alpine, *_alpine.sh scripts and the OpenRC files, beside the untouched originals', generateBuilder, async (args) => {
      code = await runGenerate(args, io);
    })
    .command<VerifyArgs>('verify <dir>', 'Run the generated Alpine build step by step in a real Alpine root (no Docker) and report what fails', verifyBuilder, async (args) => {
      code = await runVerify(args, io);
    })
    .command<ChecklistArgs>('checklist <dir>', 'The migration plan checklist, each box decided from the repository; --post keeps it in a PR comment', checklistBuilder, async (args) => {
      code = await runChecklist(args, io);
    })
    .command<ApkbuildArgs>('apkbuild <dir>', 'Write an APKBUILD per .deb file that repackages its payload, Depends mapped to Alpine', apkbuildBuilder, async (args) => {
      code = await runApkbuild(args, io);
    })
    .command('db', 'The package-equivalence database: build, import, sync, stats', (y) => dbCommands(y, io, (n) => (code = n)))
    .command('rules', 'List the rules findings can come from', (y) => y.option('json', { type: 'boolean', default: false, describe: 'Print as JSON' }).option('format', { choices: ['text', 'json', 'md'] as const, default: 'text' as const, describe: 'text, json, or md (the page docs/rules.md is)' }), (args) => {
      code = runRules(args.json ? 'json' : (args.format as 'text' | 'json' | 'md'), io);
    })
    .demandCommand(1, 'Name a command: scan, lookup, openrc, generate, verify, checklist, apkbuild, db or rules (migrate --help says what each does).')
    .strict()
    .version(version)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageFailure = msg;
      // Throwing stops yargs here: without it the command would still run after a bad option. A
      // missing positional is left to the command, whose own message says which one ("missing DIR").
      if (!/^(Not enough non-option arguments|Missing required argument)/.test(msg)) throw new UsageError(oneLine(msg));
    });
  try {
    await parser.parseAsync(argv, {}, (err, _argv, output) => {
      if (output && !err) io.stdout(`${output}\n`);
    });
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`migrate: ${err.message}\n`);
      return err.exitCode;
    }
    if (usageFailure === null) {
      io.stderr(`migrate: internal error: ${err instanceof Error ? err.message : String(err)}. Please report it with the command you ran.\n`);
      if (process.env.MIGRATE_DEBUG && err instanceof Error) io.stderr(`${err.stack}\n`);
      return EXIT.internal;
    }
  }
  if (usageFailure !== null) {
    io.stderr(`migrate: ${oneLine(String(usageFailure))}\n`);
    return EXIT.usage;
  }
  return code;
}
