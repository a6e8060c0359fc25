/**
 * `migrate verify DIR`: runs the generated Alpine build in a real Alpine root (no Docker) and
 * reports every failing step and service check as a finding.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import type { Argv } from 'yargs';
import { convertProject, DEFAULT_RELEASE } from '../convert/project.js';
import { serviceName } from '../convert/service.js';
import { minirootfs } from '../knowledge/alpine-release.js';
import { makeBuildPlan } from '../plan/build-plan.js';
import { renderTextTemplate } from '../report/render.js';
import { makeFinding, sortFindings, type Finding } from '../scan/result.js';
import { scan } from '../scan/scanner.js';
import { loadCatalogue } from '../verify/catalogue.js';
import { parseDockerfileProgram } from '../verify/dockerfile-program.js';
import { runBuild, type StepResult } from '../verify/run-build.js';
import { checkServices, shIsBusybox, type ServiceCheck, type ServiceScript } from '../verify/services.js';
import { openDbForRead } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';

export interface VerifyArgs {
  dir: string;
  rootfs?: string;
  db?: string;
  release: string;
  dockerfile: string[];
  format: 'md' | 'json';
  json: boolean;
  'step-timeout': number;
  keep: boolean;
}

export function verifyBuilder(y: Argv): Argv<VerifyArgs> {
  return y
    .positional('dir', { type: 'string', describe: 'The repository, after migrate generate' })
    .option('rootfs', { type: 'string', describe: 'Alpine minirootfs tarball to run in (default: cached in ~/.cache/migrate, else downloaded and checked)' })
    .option('db', { type: 'string', describe: 'Package database with Alpine indexes (migrate db import/sync), which apk answers from' })
    .option('release', { type: 'string', default: DEFAULT_RELEASE, describe: 'Alpine release of the minirootfs' })
    .option('dockerfile', { type: 'array', string: true, default: [] as string[], describe: 'Alpine Dockerfile to run (repeatable; default: those the Alpine build script builds)' })
    .option('format', { alias: 'f', choices: ['md', 'json'] as const, default: 'md' as const, describe: 'Report format' })
    .option('json', { type: 'boolean', default: false, describe: 'Short for --format json' })
    .option('step-timeout', { type: 'number', default: 600, describe: 'Seconds one RUN may take' })
    .option('keep', { type: 'boolean', default: false, describe: 'Keep the stage roots (their path is printed on stderr)' })
    .example('$0 verify ./agnos-builder --rootfs alpine-minirootfs-3.20.3-x86_64.tar.gz', 'Run Dockerfile.alpine step by step') as unknown as Argv<VerifyArgs>;
}

const HOST_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'migrate');
}

/** The minirootfs: --rootfs, else the cache, else a download checked against mappings/alpine-minirootfs.tsv. */
async function findRootfs(args: VerifyArgs, arch: string, io: CliIo): Promise<{ tarball: string; version: string }> {
  if (args.rootfs) {
    if (!existsSync(args.rootfs) || !statSync(args.rootfs).isFile()) throw new UsageError(`--rootfs ${args.rootfs}: no such file; give an alpine-minirootfs-*.tar.gz`);
    return { tarball: args.rootfs, version: /minirootfs-([\d.]+|edge)/.exec(args.rootfs)?.[1] ?? 'unknown' };
  }
  const m = minirootfs(args.release, arch);
  if (!m.file || !m.sha256) throw new UsageError(`no checksum for Alpine ${args.release} ${arch} in mappings/alpine-minirootfs.tsv; pass --rootfs with the tarball`, EXIT.environment);
  const cached = join(cacheDir(), m.file);
  if (existsSync(cached)) return { tarball: cached, version: m.version! };
  io.stderr(`downloading ${m.directory}${m.file}\n`);
  let bytes: Buffer;
  try {
    const res = await fetch(`${m.directory}${m.file}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = Buffer.from(await res.arrayBuffer());
  } catch (err) {
    throw new UsageError(`cannot download ${m.file} (${(err as Error).message}); pass --rootfs with the tarball`, EXIT.environment);
  }
  const sum = createHash('sha256').update(bytes).digest('hex');
  if (sum !== m.sha256) throw new UsageError(`${m.file}: checksum ${sum} is not the pinned ${m.sha256}; not used`, EXIT.environment);
  mkdirSync(cacheDir(), { recursive: true });
  writeFileSync(`${cached}.part`, bytes);
  renameSync(`${cached}.part`, cached);
  return { tarball: cached, version: m.version! };
}

function bashStatic(): string | null {
  for (const p of ['/bin/bash-static', '/usr/bin/bash-static']) if (existsSync(p)) return p;
  return null;
}

export interface VerifyReport {
  schema: 'migrate/verify-report';
  schemaVersion: 1;
  rootfs: string;
  catalogue: string;
  dockerfiles: string[];
  steps: StepResult[];
  services: ServiceCheck[];
  summary: { steps: number; failingSteps: number; services: number; installed: number; enabled: number; toEnable: number };
  findings: Finding[];
}

export async function runVerify(args: VerifyArgs, io: CliIo): Promise<number> {
  if (!args.dir) throw new UsageError('missing DIR: give the repository, e.g. migrate verify ./agnos-builder');
  try {
    if (!statSync(args.dir).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${args.dir}: no such directory. Give the repository's top directory.`);
  }
  const arch = HOST_ARCH[process.arch];
  if (!arch) throw new UsageError(`verify runs the minirootfs of this machine's architecture, and ${process.arch} has none`, EXIT.environment);
  const format = args.json ? 'json' : args.format;
  const result = await scan(args.dir, { release: args.release });
  const plan = makeBuildPlan(result, { release: args.release, arch });
  // One run per Dockerfile: a script that checks (--check) and then builds names it twice; the
  // build that passes arguments is the one to run.
  const alpineBuilds: { dockerfile: string; buildArgs: Record<string, string> }[] = [];
  for (const b of plan.imageBuilds.filter((x) => x.dockerfile.endsWith('.alpine'))) {
    const seen = alpineBuilds.find((x) => x.dockerfile === b.dockerfile);
    if (!seen) alpineBuilds.push({ dockerfile: b.dockerfile, buildArgs: { ...b.buildArgs } });
    else Object.assign(seen.buildArgs, b.buildArgs);
  }
  const dockerfiles = args.dockerfile.length ? args.dockerfile.map((d) => ({ dockerfile: d, buildArgs: {} as Record<string, string> })) : alpineBuilds.length ? alpineBuilds : result.files.filter((f) => f.kind === 'dockerfile' && f.file.endsWith('.alpine')).map((f) => ({ dockerfile: f.file, buildArgs: {} }));
  if (!dockerfiles.length) throw new UsageError(`${args.dir} has no Alpine Dockerfile: run migrate generate first, or name one with --dockerfile`);
  const db = openDbForRead(args.db);
  const { tarball, version } = await findRootfs(args, arch, io);
  const work = mkdtempSync(join(tmpdir(), 'migrate-verify-'));
  try {
    const rootfs = join(work, 'minirootfs');
    mkdirSync(rootfs);
    try {
      execFileSync('tar', ['-xzf', tarball, '-C', rootfs, '--no-same-owner'], { stdio: 'ignore' });
    } catch {
      throw new UsageError(`${tarball}: not a readable tar.gz; give an alpine-minirootfs-*.tar.gz`, EXIT.environment);
    }
    const installedDb = join(rootfs, 'lib/apk/db/installed');
    const preinstalled = existsSync(installedDb) ? [...readFileSync(installedDb, 'utf8').matchAll(/^P:(.+)$/gm)].map((m) => m[1]!) : [];
    const catalogue = loadCatalogue(db, preinstalled);
    if (catalogue.packages === 0) throw new UsageError('the package database holds no Alpine index for apk to answer from: migrate db import APKINDEX.tar.gz (or db sync --release X), then pass --db', EXIT.environment);
    const steps: StepResult[] = [];
    let finalRoot: string | null = null;
    dockerfiles.forEach((d, i) => {
      const text = readFileSync(join(args.dir, d.dockerfile), 'utf8');
      const run = runBuild(parseDockerfileProgram(text), {
        context: args.dir, dockerfile: d.dockerfile, rootfs, rootfsTarball: tarball, rootfsVersion: version, buildArgs: d.buildArgs, catalogue,
        bashStatic: bashStatic(), workDir: mkdtempSync(join(work, `build-${i}-`)), timeoutMs: args['step-timeout'] * 1000,
      });
      steps.push(...run.steps);
      // The image is the build of the Dockerfile that holds the OpenRC scripts; else the last one.
      if (run.finalRoot && (finalRoot === null || /\/etc\/init\.d\//.test(text))) finalRoot = run.finalRoot;
    });
    const conv = convertProject(result, args.release);
    const runlevels = new Map(conv.services.map((s) => [s.name, s.runlevel ?? 'default']));
    const enabled = new Map<string, string>();
    for (const u of plan.enabledUnits) {
      const name = u.unit.endsWith('.path') ? `${serviceName(u.unit)}-watch` : serviceName(u.unit);
      if (!u.unit.endsWith('.timer')) enabled.set(name, runlevels.get(name) ?? 'default');
    }
    const scripts: ServiceScript[] = result.files.filter((f) => /(^|\/)openrc\/init\.d\/[^/]+$/.test(f.file)).map((f) => {
      const name = posix.basename(f.file);
      return { name, file: f.file, content: readFileSync(join(args.dir, f.file), 'utf8'), enabledIn: enabled.get(name) ?? null };
    });
    const services = finalRoot ? checkServices(finalRoot, scripts) : [];
    const findings: Finding[] = [];
    for (const s of steps.filter((x) => !x.ok)) {
      findings.push(makeFinding({ rule: 'verify/step-failed', severity: 'error', confidence: 'high', file: s.file, line: s.line, message: `${s.keyword} failed in stage ${s.stage}: ${s.error}`, evidence: s.evidence, subject: s.evidence, remediation: 'Fix the sibling (or the TODO(migrate) line it came from) and run migrate verify again.' }));
    }
    for (const c of services) {
      if (!c.installed) findings.push(makeFinding({ rule: 'verify/service-not-installed', severity: 'error', confidence: 'high', file: c.file, line: null, message: `${c.file} is not installed in the image as /etc/init.d/${c.name}.`, subject: c.name, remediation: 'COPY the OpenRC scripts into /etc/init.d in the Alpine Dockerfile.' }));
      if (c.enabled === false) findings.push(makeFinding({ rule: 'verify/service-not-enabled', severity: 'error', confidence: 'high', file: c.file, line: null, message: `The Ubuntu build enables ${c.name}, but the image does not: no /etc/runlevels/${enabled.get(c.name)}/${c.name}.`, subject: c.name, remediation: `rc-update add ${c.name} ${enabled.get(c.name)} in the Alpine build.` }));
      if (c.installed && c.commandPresent === false) findings.push(makeFinding({ rule: 'verify/command-missing', severity: 'warning', confidence: 'medium', file: c.file, line: null, message: `${c.name} runs ${c.command}, which the image does not have (a stub package, a .deb not yet repackaged, or a build artifact).`, subject: c.name }));
    }
    if (finalRoot && !shIsBusybox(finalRoot)) findings.push(makeFinding({ rule: 'verify/sh-not-busybox', severity: 'error', confidence: 'high', file: dockerfiles.at(-1)!.dockerfile, line: null, message: '/bin/sh is no longer BusyBox in the image; Alpine scripts and OpenRC assume it is.', subject: 'sh' }));
    sortFindings(findings);
    const report: VerifyReport = {
      schema: 'migrate/verify-report', schemaVersion: 1, rootfs: posix.basename(tarball), catalogue: catalogue.label, dockerfiles: dockerfiles.map((d) => d.dockerfile), steps, services,
      summary: { steps: steps.length, failingSteps: steps.filter((s) => !s.ok).length, services: services.length, installed: services.filter((s) => s.installed).length, enabled: services.filter((s) => s.enabled === true).length, toEnable: services.filter((s) => s.enabled !== null).length },
      findings,
    };
    io.stdout(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderTextTemplate('verify-report.md.hbs', {
      ...report,
      failing: steps.filter((s) => !s.ok),
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
    db.close();
    if (!args.keep) rmSync(work, { recursive: true, force: true });
  }
}
