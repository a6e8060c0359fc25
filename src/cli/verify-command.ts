/**
 * `migrate verify DIR`: runs the generated Alpine build in a real Alpine root (no Docker) and
 * reports every failing step and service check as a finding.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { Argv } from 'yargs';
import { DEFAULT_RELEASE } from '../convert/project.js';
import { openrcScriptName } from '../convert/service.js';
import { loadKnowledge } from '../knowledge/load.js';
import { makeBuildPlan } from '../plan/build-plan.js';
import { renderTextTemplate } from '../report/render.js';
import { verifyFindings } from '../verify/findings.js';
import { scan } from '../scan/scanner.js';
import { loadCatalogue } from '../verify/catalogue.js';
import { parseDockerfileProgram } from '../verify/dockerfile-program.js';
import { isFailing, runBuild, type StepResult } from '../verify/run-build.js';
import { isAlpineFile, sourceDigest, type VerifyReport } from '../verify/report.js';
import { buildOutputReader } from '../verify/build-output.js';
import { debEvidence } from '../verify/deb-leads.js';
import { checkServices, shIsBusybox, type ServiceCheck, type ServiceScript } from '../verify/services.js';
import { buildDb, openDb, type Db } from '../db/database.js';
import type { FileRecord } from '../scan/result.js';
import { engineBuild, type Engine } from '../verify/engine-build.js';
import { importIndexFile } from '../db/import-file.js';
import { chooseCatalogue } from '../db/target-catalogue.js';
import { openDbForRead } from './db-path.js';
import { bashStatic, findRootfs, HOST_ARCH } from './minirootfs-cache.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { checkRelease, requireRepoDir } from './repo.js';

export interface VerifyArgs {
  dir: string;
  rootfs?: string;
  db?: string;
  index?: string[];
  release?: string;
  dockerfile: string[];
  format: 'md' | 'json';
  json: boolean;
  'step-timeout': number;
  keep: boolean;
  engine: 'chroot' | Engine;
}

export function verifyBuilder(y: Argv): Argv<VerifyArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository, after migrate generate' })
    .option('rootfs', { type: 'string', describe: 'Alpine minirootfs tarball to run in (default: cached in ~/.cache/migrate, else downloaded and checked)' })
    .option('index', { type: 'array', string: true, describe: 'APKINDEX.tar.gz for apk to answer from (repeatable), checked with the minirootfs\'s own keys; instead of --db' })
    .option('db', { type: 'string', describe: 'Package database with Alpine indexes (migrate db import/sync), which apk answers from' })
    .conflicts('index', 'db')
    .option('release', { type: 'string', describe: `Alpine release of the minirootfs (default: the --rootfs file's, else ${DEFAULT_RELEASE})` })
    .option('dockerfile', { type: 'array', string: true, default: [] as string[], describe: 'Alpine Dockerfile to run (repeatable; default: those the Alpine build script builds)' })
    .option('format', { alias: 'f', choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Report format' })
    .option('json', { type: 'boolean', default: false, describe: 'Short for --format json' })
    .option('step-timeout', { type: 'number', default: 600, describe: 'Seconds one RUN may take' })
    .option('keep', { type: 'boolean', default: false, describe: 'Keep the stage roots (their path is printed on stderr)' })
    .option('engine', { choices: ['chroot', 'docker', 'podman'] as const, default: 'chroot' as const, describe: 'chroot: run each instruction in the minirootfs (no network); docker, podman: build for real with that engine' })
    .example('$0 verify ./agnos-builder --rootfs alpine-minirootfs-3.20.3-x86_64.tar.gz --index APKINDEX-v3.20-main-x86_64.tar.gz', 'Run Dockerfile.alpine step by step') as unknown as Argv<VerifyArgs>;
}


/** --index files imported into a scratch database, each signature checked with the minirootfs's keys. */
async function indexDb(files: string[], path: string, keysDir: string): Promise<Db> {
  buildDb(path, { catalogues: false }); // apk answers from the given indexes alone
  const db = openDb(path);
  for (const f of files) {
    try {
      await importIndexFile(db, f, { keysDir, allowUntrusted: false });
    } catch (err) {
      db.close();
      throw new UsageError(`--index ${f}: ${(err as Error).message}`, EXIT.environment);
    }
  }
  return db;
}

/** What a run gives the service checks and the report, whichever engine ran it. */
interface Ran {
  steps: StepResult[];
  /** The image's root: the last stage of the Dockerfile that installs the OpenRC scripts. */
  finalRoot: string | null;
  unverified: Map<string, string[]>;
  imageDockerfile: string;
  rootfs: string | null;
  catalogue: string | null;
}

/** The image is the build of the Dockerfile that holds the OpenRC scripts; else the last one. */
const holdsScripts = (text: string) => /\/etc\/init\.d\//.test(text);

/** Each Dockerfile, instruction by instruction, in the minirootfs; apk answers from the index. */
async function runInChroot(args: VerifyArgs, dockerfiles: { dockerfile: string; buildArgs: Record<string, string> }[], files: FileRecord[], tarball: string, work: string): Promise<Ran> {
  const rootfs = join(work, 'minirootfs');
  mkdirSync(rootfs);
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', rootfs, '--no-same-owner'], { stdio: 'ignore' });
  } catch {
    throw new UsageError(`${tarball}: not a readable tar.gz; give an alpine-minirootfs-*.tar.gz`, EXIT.environment);
  }
  const db = args.index?.length ? await indexDb(args.index, join(work, 'index.db'), join(rootfs, 'etc/apk/keys')) : openDbForRead(args.db);
  const installedDb = join(rootfs, 'lib/apk/db/installed');
  const preinstalled = existsSync(installedDb) ? [...readFileSync(installedDb, 'utf8').matchAll(/^P:(.+)$/gm)].map((m) => m[1]!) : [];
  let catalogue;
  try {
    catalogue = loadCatalogue(db, preinstalled, chooseCatalogue(db, { release: args.release ?? DEFAULT_RELEASE, arch: HOST_ARCH[process.arch] ?? 'x86_64' }));
  } finally {
    db.close();
  }
  if (catalogue.packages === 0) throw new UsageError('the package database holds no Alpine index for apk to answer from: pass --index APKINDEX.tar.gz, or migrate db import it (db sync --release X) and pass --db', EXIT.environment);
  const ran: Ran = { steps: [], finalRoot: null, unverified: new Map(), imageDockerfile: dockerfiles.at(-1)!.dockerfile, rootfs: posix.basename(tarball), catalogue: catalogue.label };
  const buildOutput = buildOutputReader(args.dir);
  const debs = await debEvidence(args.dir, files);
  dockerfiles.forEach((d, i) => {
    const text = readFileSync(join(args.dir, d.dockerfile), 'utf8');
    const run = runBuild(parseDockerfileProgram(text), {
      context: args.dir, dockerfile: d.dockerfile, rootfs, rootfsTarball: tarball, buildArgs: d.buildArgs, catalogue, buildOutput, ...debs,
      bashStatic: bashStatic(), workDir: mkdtempSync(join(work, `build-${i}-`)), timeoutMs: args['step-timeout'] * 1000,
    });
    ran.steps.push(...run.steps);
    if (run.finalRoot && (ran.finalRoot === null || holdsScripts(text))) Object.assign(ran, { finalRoot: run.finalRoot, unverified: run.unverifiedServices, imageDockerfile: d.dockerfile });
  });
  return ran;
}

/** Each Dockerfile built for real by a container engine, in order (a later one may build FROM an earlier one's tag). */
function runWithEngine(engine: Engine, dockerfiles: { dockerfile: string; buildArgs: Record<string, string> }[], o: { dir: string; work: string; tagOf: Map<string, string>; timeoutMs: number }): Ran {
  const ran: Ran = { steps: [], finalRoot: null, unverified: new Map(), imageDockerfile: dockerfiles.at(-1)!.dockerfile, rootfs: null, catalogue: null };
  const texts = dockerfiles.map((d) => readFileSync(join(o.dir, d.dockerfile), 'utf8'));
  // The image to check: the Dockerfile that installs the OpenRC scripts, else the last one.
  const found = texts.findIndex(holdsScripts);
  const image = found >= 0 ? found : dockerfiles.length - 1;
  dockerfiles.forEach((d, i) => {
    const program = parseDockerfileProgram(texts[i]!);
    const tag = o.tagOf.get(d.dockerfile) ?? `migrate-verify-${i}:${process.pid}`;
    const r = engineBuild({ engine, context: o.dir, dockerfile: d.dockerfile, program, buildArgs: d.buildArgs, tag, timeoutMs: o.timeoutMs * Math.max(1, program.stages.reduce((n, s) => n + s.steps.length, 0)), workDir: mkdtempSync(join(o.work, `build-${i}-`)), exportRoot: i === image });
    ran.steps.push(r.step);
    if (i === image) Object.assign(ran, { finalRoot: r.root, imageDockerfile: d.dockerfile });
  });
  return ran;
}

export async function runVerify(given: VerifyArgs, io: CliIo): Promise<number> {
  requireRepoDir(given.dir, 'migrate verify ./agnos-builder');
  // The minirootfs says which release it is (alpine-minirootfs-3.20.3-x86_64.tar.gz is 3.20).
  const release = given.release ?? /alpine-minirootfs-(\d+\.\d+)\./.exec(given.rootfs ?? '')?.[1] ?? DEFAULT_RELEASE;
  const args = { ...given, release: release.replace(/^v/, '') };
  checkRelease(args.release, io, false);
  const arch = HOST_ARCH[process.arch];
  if (!arch) throw new UsageError(`verify runs the minirootfs of this machine's architecture, and ${process.arch} has none`, EXIT.environment);
  const format = args.json ? 'json' : args.format;
  const result = await scan(args.dir, { release: args.release });
  const plan = makeBuildPlan(result, { release: args.release, arch, tarballs: loadKnowledge().baseImages.tarballs });
  // One run per Dockerfile: a script that checks (--check) and then builds names it twice; the
  // build that passes arguments is the one to run.
  const alpineBuilds: { dockerfile: string; buildArgs: Record<string, string> }[] = [];
  for (const b of plan.imageBuilds.filter((x) => x.dockerfile.endsWith('.alpine'))) {
    const seen = alpineBuilds.find((x) => x.dockerfile === b.dockerfile);
    if (!seen) alpineBuilds.push({ dockerfile: b.dockerfile, buildArgs: { ...b.buildArgs } });
    else Object.assign(seen.buildArgs, b.buildArgs);
  }
  for (const d of args.dockerfile) {
    if (d.startsWith('/') || d.split('/').includes('..') || !result.files.some((f) => f.file === d && f.kind === 'dockerfile')) throw new UsageError(`--dockerfile ${d}: no Dockerfile of that path in ${args.dir}; give it relative to DIR`);
  }
  if (!(args['step-timeout'] > 0)) throw new UsageError(`--step-timeout ${args['step-timeout']}: give a number of seconds above 0`);
  const dockerfiles = args.dockerfile.length ? args.dockerfile.map((d) => ({ dockerfile: d, buildArgs: {} as Record<string, string> })) : alpineBuilds.length ? alpineBuilds : result.files.filter((f) => f.kind === 'dockerfile' && f.file.endsWith('.alpine')).map((f) => ({ dockerfile: f.file, buildArgs: {} }));
  if (!dockerfiles.length) throw new UsageError(`${args.dir} has no Alpine Dockerfile: run migrate generate first, or name one with --dockerfile`);
  const engine = args.engine;
  if (engine !== 'chroot') {
    const given = (['rootfs', 'index', 'db'] as const).filter((k) => args[k] !== undefined && !(Array.isArray(args[k]) && !(args[k] as string[]).length));
    if (given.length) throw new UsageError(`--${given[0]} is for the chroot engine; --engine ${engine} builds with real packages`);
    const probe = spawnSync(engine, ['version'], { stdio: 'ignore', timeout: 30_000 });
    if (probe.error || probe.status !== 0) throw new UsageError(`--engine ${engine}: ${engine} ${probe.error ? 'is not on PATH' : 'does not answer (is its daemon running?)'}; install it, or leave out --engine to run in verify's chroot`, EXIT.environment);
  }
  const tarball = engine === 'chroot' ? await findRootfs(args.rootfs, args.release, arch, io) : null;
  const work = mkdtempSync(join(tmpdir(), 'migrate-verify-'));
  try {
    const tagOf = new Map(plan.imageBuilds.filter((b) => b.tag).map((b) => [b.dockerfile, b.tag!]));
    const ran = tarball === null
      ? runWithEngine(engine as Engine, dockerfiles, { dir: args.dir, work, tagOf, timeoutMs: args['step-timeout'] * 1000 })
      : await runInChroot(args, dockerfiles, result.files, tarball, work);
    const { steps, finalRoot, unverified, imageDockerfile } = ran;
    const conv = result.conversion;
    const runlevels = new Map(conv.services.map((s) => [s.name, s.runlevel ?? 'default']));
    const enabled = new Map<string, string>();
    for (const u of plan.enabledUnits) {
      const name = openrcScriptName(u.unit);
      if (name) enabled.set(name, runlevels.get(name) ?? 'default');
    }
    const scripts: ServiceScript[] = result.files.filter((f) => /(^|\/)openrc\/init\.d\/[^/]+$/.test(f.file)).map((f) => {
      const name = posix.basename(f.file);
      return { name, file: f.file, content: readFileSync(join(args.dir, f.file), 'utf8'), enabledIn: enabled.get(name) ?? null };
    });
    const services = finalRoot ? checkServices(finalRoot, scripts) : [];
    const runlevelOf = (name: string) => enabled.get(name) ?? null;
    const findings = verifyFindings(steps, services.map((c) => ({ ...c, runlevel: runlevelOf(c.name) })), finalRoot ? { file: imageDockerfile, busybox: shIsBusybox(finalRoot) } : null, unverified);
    const report: VerifyReport = {
      schema: 'migrate/verify-report', schemaVersion: 1, engine, rootfs: ran.rootfs, catalogue: ran.catalogue, dockerfiles: dockerfiles.map((d) => d.dockerfile),
      sources: Object.fromEntries([...new Set([...dockerfiles.map((d) => d.dockerfile), ...result.files.map((f) => f.file).filter(isAlpineFile)])].sort().map((f) => [f, sourceDigest(readFileSync(join(args.dir, f)))])), steps, services,
      summary: { steps: steps.length, failingSteps: steps.filter(isFailing).length, unverifiedSteps: steps.filter((s) => s.unverified !== undefined).length, services: services.length, installed: services.filter((s) => s.installed).length, enabled: services.filter((s) => s.enabled === true).length, toEnable: services.filter((s) => s.enabled !== null).length },
      findings,
    };
    io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderTextTemplate('verify-report.md.hbs', {
      ...report,
      failing: steps.filter(isFailing),
      unverifiedSteps: steps.filter((s) => s.unverified !== undefined),
      serviceRows: services.map((c) => ({
        name: c.name,
        installed: c.installed ? 'yes' : '**no**',
        enabled: c.enabled === null ? 'not enabled by the Ubuntu build' : c.enabled ? `yes (${enabled.get(c.name)})` : '**no**',
        command: c.command === null ? '' : `\`${c.command}\`${c.commandPresent ? '' : ' (not in the image)'}`,
      })),
    }));
    if (args.keep) io.stderr(`stage roots kept in ${work}\n`);
    return findings.some((f) => f.severity === 'error') ? EXIT.failOn : EXIT.ok;
  } finally {
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  }
}
