/**
 * Runs a generated Alpine Dockerfile without Docker, instruction by instruction, in real Alpine
 * roots: each stage is a directory (a copy of the minirootfs for FROM alpine, empty for FROM
 * scratch, a copy of an earlier stage), COPY/ADD copy from the build context or a stage, RUN runs
 * in a chroot. apk answers from the package index (templates/verify-apk.sh.hbs), so names Alpine
 * lacks fail as they would, with no network. This module does the I/O of `migrate verify`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix, relative } from 'node:path';
import picomatch from 'picomatch';
import { substitute, type DockerVars } from '../scan/dockerfile/variables.js';
import { renderTextTemplate } from '../report/render.js';
import { sq } from '../convert/shell-quote.js';
import { escapeRegExp } from '../regexp.js';
import { resolveInRoot, runInRoot } from './chroot.js';
import type { DockerfileProgram, Step } from './dockerfile-program.js';
import type { Catalogue } from './catalogue.js';
import { explainMissing, missingPath, stoppedAt, type Lead, type PendingLead } from './missing-path.js';

export const STATE = '/.migrate-verify';
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface StepResult {
  file: string;
  line: number;
  stage: string;
  keyword: string;
  evidence: string;
  ok: boolean;
  /** Why it failed: the last lines of its output, or what verify could not do. */
  error?: string;
  /**
   * Set on a step that failed for want of what verify cannot give: the output of stubbed package
   * commands (no network, no real packages), a stage that is itself unverified, or the build's own
   * output that another part of the build makes. Not counted as failing, and not proved either.
   */
  unverified?: string;
  /** What `unverified` puts it down to, for a machine: stubbed commands, an unverified stage, a copy that did not happen, the build's own output, or a missing path an earlier lead explains. */
  cause?: UnverifiedCause;
  /** A failing step after an unverified one in its stage's lineage: the failure may follow from it. */
  after?: number;
}

export type UnverifiedCause = 'stubbed' | 'stage' | 'copy' | 'build-output' | 'unrun' | 'disabled-deb';

/** A step that failed and is not put down to what verify cannot run. */
export const isFailing = (s: StepResult) => !s.ok && s.unverified === undefined;

export interface BuildContext {
  /** The build context (the repository). */
  context: string;
  dockerfile: string;
  /** Extracted pristine minirootfs. */
  rootfs: string;
  rootfsTarball: string;
  buildArgs: Record<string, string>;
  catalogue: Catalogue;
  /** Why a build-context path is missing when the repository says it is the build's own output (.gitignore), or null. */
  buildOutput?: (path: string) => string | null;
  /** A statically linked bash for the host architecture, installed when the build adds bash. */
  bashStatic: string | null;
  /** Per repository file (scripts and Dockerfiles): the TODO lines of .deb installs generate disabled. */
  disabledDebs?: Map<string, { line: number; debs: string[] }[]>;
  /** Per .deb base name in the repository: the paths it installs, or null when its contents are unknown (a Git LFS pointer). */
  debPayloads?: Map<string, string[] | null>;
  workDir: string;
  timeoutMs: number;
}

export interface BuildRun {
  steps: StepResult[];
  /** Services `rc-update add` linked without a script verify knows of: name -> the -openrc packages that may ship it. */
  unverifiedServices: Map<string, string[]>;
  /** The root of the last stage: what the image would be. */
  finalRoot: string | null;
}

function tail(text: string, lines = 6): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Copies host `src` to `dest` inside `root`, entry by entry, links kept as links, never leaving the root. */
function copyIntoRoot(src: string, root: string, dest: string): void {
  const st = lstatSync(src);
  if (st.isSymbolicLink()) {
    const at = resolveInRoot(root, dest, false);
    mkdirSync(posix.dirname(at), { recursive: true });
    rmSync(at, { force: true, recursive: false });
    symlinkSync(readlinkSync(src), at);
  } else if (st.isDirectory()) {
    const at = resolveInRoot(root, dest);
    if (!existsSync(at)) mkdirSync(at, { recursive: true });
    for (const name of readdirSync(src)) copyIntoRoot(join(src, name), root, posix.join(dest, name));
  } else if (st.isFile()) {
    const at = resolveInRoot(root, dest, false);
    mkdirSync(posix.dirname(at), { recursive: true });
    if (existsSync(at) && lstatSync(at).isSymbolicLink()) unlinkSync(at);
    copyFileSync(src, at);
    chmodSync(at, st.mode & 0o7777);
  }
}

/** Files under `base` matching a COPY source (globs as Docker has them: *, ?, [..] within a component). */
function expandSource(base: string, source: string): string[] {
  const rel = posix.normalize(source.replace(/^\/+/, '')).replace(/\/+$/, '') || '.';
  if (rel === '..' || rel.startsWith('../')) throw new Error(`${source} is outside the build context`);
  if (!/[*?[]/.test(rel)) return existsSync(join(base, rel)) ? [rel] : [];
  const dir = posix.dirname(rel);
  if (/[*?[]/.test(dir)) throw new Error(`${source}: verify handles globs in the last path component only`);
  const match = picomatch(posix.basename(rel), { dot: true });
  if (!existsSync(join(base, dir))) return [];
  return readdirSync(join(base, dir)).filter((n) => match(n)).sort().map((n) => posix.join(dir, n));
}

function insideContext(base: string, host: string): boolean {
  const real = realpathSync(lstatSync(host).isSymbolicLink() ? dirname(host) : host);
  const rel = relative(realpathSync(base), real);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function isArchive(name: string): boolean {
  return /\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tar\.zst)$/.test(name);
}

function prepareState(root: string, ctx: BuildContext): void {
  const state = join(root, STATE.slice(1));
  mkdirSync(join(state, 'real'), { recursive: true });
  writeFileSync(join(state, 'index.tsv'), ctx.catalogue.index);
  writeFileSync(join(state, 'provides.tsv'), ctx.catalogue.provides);
  if (!existsSync(join(state, 'installed'))) writeFileSync(join(state, 'installed'), ctx.catalogue.preinstalled.map((p) => `${p}\n`).join(''));
  const apk = renderTextTemplate('verify-apk.sh.hbs', { state: STATE, catalogue: ctx.catalogue.label });
  const sbin = resolveInRoot(root, '/sbin');
  mkdirSync(sbin, { recursive: true });
  const apkPath = resolveInRoot(root, '/sbin/apk', false);
  if (existsSync(apkPath)) rmSync(apkPath);
  writeFileSync(apkPath, apk, { mode: 0o755 });
  // Packages with a stand-in: openrc (runlevels, rc-update, rc-service), the init scripts the
  // packages of mappings/openrc-boot.tsv ship, bash (the host's bash-static).
  writeFileSync(join(state, 'openrc-install'), renderTextTemplate('verify-openrc-install.sh.hbs', { state: STATE }), { mode: 0o755 });
  const scriptsOf = new Map(ctx.catalogue.initScripts);
  if (!scriptsOf.has('openrc')) scriptsOf.set('openrc', []);
  for (const [pkg, scripts] of scriptsOf) {
    mkdirSync(join(state, 'real', pkg), { recursive: true });
    const lines = ['#!/bin/sh', 'set -e', 'mkdir -p /etc/init.d', ...(pkg === 'openrc' ? [`${STATE}/openrc-install`] : []), ...scripts.map((x) => `[ -e /etc/init.d/${x} ] || printf '#!/sbin/openrc-run\\n# stand-in of migrate verify for the script ${pkg} ships\\n' > /etc/init.d/${x}; chmod 755 /etc/init.d/${x}`)];
    writeFileSync(join(state, 'real', pkg, 'install'), `${lines.join('\n')}\n`, { mode: 0o755 });
  }
  mkdirSync(join(state, 'real', 'bash'), { recursive: true });
  if (ctx.bashStatic) {
    copyFileSync(ctx.bashStatic, join(state, 'real', 'bash', 'bash'));
    chmodSync(join(state, 'real', 'bash', 'bash'), 0o755);
    writeFileSync(join(state, 'real', 'bash', 'install'), `#!/bin/sh\ncp ${STATE}/real/bash/bash /bin/bash\n`, { mode: 0o755 });
  } else {
    writeFileSync(join(state, 'real', 'bash', 'install'), '#!/bin/sh\necho "migrate verify: no bash-static on this machine to stand in for bash (apt-get install bash-static)" >&2\nexit 1\n', { mode: 0o755 });
  }
}

/** Runs every stage of the program; a failing step is recorded and the build goes on, as far as it can. */
export function runBuild(program: DockerfileProgram, ctx: BuildContext): BuildRun {
  const steps: StepResult[] = [];
  const roots = new Map<string, string>();
  /** The first unverified step of each stage's lineage (inherited by FROM). */
  const taint = new Map<string, number>();
  /** What earlier steps of each stage's lineage left undone, and what copied scripts will once run (inherited by FROM). */
  const leadsOf = new Map<string, { leads: Lead[]; pending: PendingLead[] }>();
  const dockerfileTodos = ctx.disabledDebs?.get(ctx.dockerfile) ?? [];
  const stageVars = new Map<string, DockerVars>();
  const globalVars: DockerVars = new Map();
  for (const [k, v] of program.globalArgs) {
    const given = ctx.buildArgs[k];
    if (given !== undefined) globalVars.set(k, { value: given, line: 0 });
    else if (v !== null) globalVars.set(k, { value: v, line: 0 });
  }
  let finalRoot: string | null = null;
  for (const stage of program.stages) {
    const root = join(ctx.workDir, `stage-${stage.index}`);
    const from = substitute(stage.from, globalVars).text;
    let tainted: number | undefined;
    /** Files an unverified COPY would have put here: a later step missing one is unverified too. */
    const missing: string[] = [];
    let leads: Lead[] = [];
    let pending: PendingLead[] = [];
    const record = (step: Pick<StepResult, 'line' | 'keyword' | 'evidence'>, error?: string | Failure) => {
      const f: Failure | undefined = typeof error === 'string' ? { error } : error;
      let unverified = f?.unverified;
      let cause = f?.cause;
      if (f && !unverified && step.keyword === 'RUN') {
        const gone = missing.find((m) => f.error.includes(m));
        const path = gone ? null : missingPath(f.error);
        const lead = path ? explainMissing(path, leads) : null;
        if (gone) [unverified, cause] = [`${gone} was not copied in: its COPY is unverified`, 'copy'];
        else if (lead) [unverified, cause] = [lead.reason, lead.cause];
      }
      const after = f && !unverified && tainted !== undefined ? { after: tainted } : {};
      steps.push({ file: ctx.dockerfile, stage: stage.name, ...step, ok: f === undefined, ...(f ? { error: f.error } : {}), ...(unverified ? { unverified, cause } : {}), ...after });
      if (unverified && tainted === undefined) tainted = step.line;
      if (unverified && f?.missing) missing.push(...f.missing);
      if (f?.leads) leads.push(...f.leads);
      // A RUN that names a copied script runs it: its disabled installs now count, failed or not.
      if (step.keyword === 'RUN') {
        const ran = pending.filter((p) => new RegExp(`(^|[/\\s'"])${escapeRegExp(p.script)}($|[\\s'";&|)])`).test(step.evidence));
        leads.push(...ran.map((p) => p.lead));
        pending = pending.filter((p) => !ran.includes(p));
      }
    };
    const fromStep = { line: stage.line, keyword: 'FROM', evidence: `FROM ${stage.from}` };
    const parent = roots.get(from.toLowerCase());
    tainted = taint.get(from.toLowerCase());
    const inherited = leadsOf.get(from.toLowerCase());
    leads = [...(inherited?.leads ?? [])];
    pending = [...(inherited?.pending ?? [])];
    if (parent) execFileSync('cp', ['-a', parent, root]);
    else if (from === 'scratch') mkdirSync(root, { recursive: true });
    else if (/^(docker\.io\/)?(library\/)?alpine(:[\w.-]+)?$/.test(from)) {
      execFileSync('cp', ['-a', ctx.rootfs, root]);
      prepareState(root, ctx);
    } else {
      record(fromStep, `verify runs alpine, scratch and earlier stages only; ${from} is another image`);
      continue;
    }
    record(fromStep);
    roots.set(stage.name, root);
    roots.set(String(stage.index), root);
    // An image's config sets PATH (alpine's and scratch's builds get Docker's default), so ENV PATH=...:$PATH extends it.
    const vars: DockerVars = new Map(parent ? stageVars.get(from.toLowerCase()) : [['PATH', { value: DEFAULT_PATH, line: 0 }]]);
    const env = new Map<string, string>();
    for (const [k, v] of vars) if ('value' in v) env.set(k, v.value);
    let workdir = '/';
    let user: string | null = null;
    let shell = ['/bin/sh', '-c'];
    let previous = stage.line;
    for (const step of stage.steps) {
      const s = { line: step.line, keyword: step.keyword, evidence: step.evidence };
      // A .deb install the Dockerfile itself has disabled, on a TODO line above this step.
      for (const t of dockerfileTodos.filter((x) => x.line > previous && x.line < step.line)) leads.push(...debLeads(`${ctx.dockerfile}:${t.line}`, t.debs, ctx));
      previous = step.line;
      try {
        const error = runStep(step, { root, vars, globalVars, env, roots, ctx, workdir, user, shell, taint });
        if (typeof error === 'object' && !('error' in error)) {
          workdir = error.workdir ?? workdir;
          user = error.user === undefined ? user : error.user;
          shell = error.shell ?? shell;
          if (error.pending) pending.push(...error.pending);
          record(s);
        } else record(s, error);
      } catch (err) {
        record(s, (err as Error).message);
      }
    }
    stageVars.set(stage.name, vars);
    stageVars.set(String(stage.index), vars);
    if (tainted !== undefined) for (const k of [stage.name, String(stage.index)]) taint.set(k, tainted);
    for (const k of [stage.name, String(stage.index)]) leadsOf.set(k, { leads, pending });
    finalRoot = root;
  }
  const unverifiedServices = new Map<string, string[]>();
  const log = finalRoot ? join(finalRoot, STATE.slice(1), 'unverified-services') : null;
  if (log && existsSync(log)) {
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      const [name, subs] = line.split('\t');
      unverifiedServices.set(name!, (subs ?? '').trim().split(/\s+/).filter(Boolean));
    }
  }
  return { steps, finalRoot, unverifiedServices };
}

interface StepState {
  root: string;
  vars: DockerVars;
  globalVars: DockerVars;
  env: Map<string, string>;
  roots: Map<string, string>;
  ctx: BuildContext;
  workdir: string;
  user: string | null;
  shell: string[];
  taint: Map<string, number>;
}

/** A failed step; `unverified` says why verify cannot tell, `missing` what it would have made. */
interface Failure {
  error: string;
  unverified?: string;
  cause?: UnverifiedCause;
  missing?: string[];
  /** What this step leaves undone, for later steps that miss it. */
  leads?: Lead[];
}

/** A step that went well, with what it changed, and what a script it copied will leave undone (its disabled .deb installs). */
type Success = { workdir?: string; user?: string | null; shell?: string[]; pending?: PendingLead[] };

type StepOutcome = string | Failure | Success;

/** Leads for the .deb files a disabled install names, those the repository holds; a downloaded one is no evidence. */
function debLeads(todo: string, debs: string[], ctx: BuildContext): Lead[] {
  return debs.filter((d) => ctx.debPayloads?.has(d)).map((deb) => ({ kind: 'disabled-deb', todo, deb, payload: ctx.debPayloads!.get(deb)! }));
}

function userspec(root: string, user: string): string {
  const [name, group] = user.split(':');
  const passwd = existsSync(join(root, 'etc/passwd')) ? readFileSync(join(root, 'etc/passwd'), 'utf8') : '';
  const entry = passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === name || f[2] === name);
  if (!entry) throw new Error(`USER ${user}: no such user in the image's /etc/passwd`);
  return `${entry[2]}:${group ?? entry[3]}`;
}

/** ENV and ARG values as Docker reads them: quotes removed (variables inside double quotes still expand). */
function unquote(v: string): string {
  const m = /^"((?:[^"\\]|\\.)*)"$/.exec(v);
  if (m) return m[1]!.replace(/\\(.)/g, '$1');
  const s = /^'([^']*)'$/.exec(v);
  return s ? s[1]! : v;
}

function runStep(step: Step, st: StepState): StepOutcome {
  const sub = (v: string) => unquote(substitute(v, st.vars).text);
  switch (step.keyword) {
    case 'ARG': {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(step.args[0] ?? '');
      if (!m) return {};
      const given = st.ctx.buildArgs[m[1]!];
      const global = st.globalVars.get(m[1]!);
      const value = given ?? (m[2] !== undefined ? sub(m[2]) : global && 'value' in global ? global.value : undefined);
      if (value !== undefined) {
        st.vars.set(m[1]!, { value, line: step.line });
        st.env.set(m[1]!, value);
      }
      return {};
    }
    case 'ENV': {
      const args = step.args;
      // ENV a=1 b=2, or the old ENV a 1.
      const pairs = args.every((a) => a.includes('=')) ? args.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const) : [[args[0] ?? '', args.slice(1).join(' ')] as const];
      for (const [k, v] of pairs) {
        const value = sub(v);
        st.vars.set(k, { value, line: step.line });
        st.env.set(k, value);
      }
      return {};
    }
    case 'WORKDIR': {
      const dir = posix.resolve(st.workdir, sub(step.args[0] ?? '/'));
      mkdirSync(resolveInRoot(st.root, dir), { recursive: true });
      return { workdir: dir };
    }
    case 'USER':
      return { user: sub(step.args[0] ?? 'root') };
    case 'SHELL':
      try {
        return { shell: JSON.parse(step.evidence.replace(/^SHELL\s+/i, '')) as string[] };
      } catch {
        return 'SHELL needs a JSON array';
      }
    case 'COPY':
    case 'ADD':
      return copyStep(step, st);
    case 'RUN':
      return runCommand(step, st);
    default:
      // LABEL, EXPOSE, CMD, ENTRYPOINT, VOLUME, STOPSIGNAL, HEALTHCHECK, ONBUILD: image metadata only.
      return {};
  }
}

function copyStep(step: Step, st: StepState): StepOutcome {
  const args = step.args.map((a) => substitute(a, st.vars).text);
  if (args.length < 2) return `${step.keyword} needs a source and a destination`;
  const from = step.flags.get('from');
  let base = st.ctx.context;
  if (from !== undefined) {
    const r = st.roots.get(from.toLowerCase());
    if (!r) return `${step.keyword} --from=${from}: no earlier stage of that name (verify copies from stages only)`;
    base = r;
  }
  const destRaw = args.at(-1)!;
  const dest = posix.resolve(st.workdir, destRaw);
  const sources = args.slice(0, -1);
  const intoDir = destRaw.endsWith('/') || sources.length > 1 || sources.some((s) => /[*?[]/.test(s));
  let copied = 0;
  const pending: PendingLead[] = [];
  for (const source of sources) {
    if (/^[a-z]+:\/\//i.test(source)) return `${step.keyword} ${source}: verify does not download`;
    let matches = from !== undefined ? [source.replace(/^\/+/, '')].filter((p) => existsSync(resolveInRoot(base, p))) : expandSource(base, source);
    // The root filesystem tarball the build script downloads is the minirootfs verify runs.
    if (!matches.length && step.keyword === 'ADD' && /alpine-minirootfs-[^/]*\.tar\.gz$/.test(source)) {
      extractArchive(st.ctx.rootfsTarball, st.root, dest, st.ctx);
      copied++;
      continue;
    }
    if (!matches.length) {
      const error = `${step.keyword} ${source}: no such file in the ${from !== undefined ? `stage ${from}` : 'build context'}`;
      const upstream = from !== undefined ? st.taint.get(from.toLowerCase()) : undefined;
      const output = from === undefined ? st.ctx.buildOutput?.(posix.normalize(source.replace(/^\.?\/+/, ''))) ?? null : null;
      if (upstream !== undefined) return { error, unverified: `stage ${from} is unverified from line ${upstream} on`, cause: 'stage', missing: [posix.basename(source)] };
      if (output) return { error, unverified: output, cause: 'build-output', missing: [posix.basename(source.replace(/\/+$/, ''))] };
      return error;
    }
    for (const m of matches) {
      const host = from !== undefined ? resolveInRoot(base, m) : join(base, m);
      // A link in the context is copied as a link; a path through a linked directory must not leave it.
      if (from === undefined && !insideContext(base, host)) return `${step.keyword} ${source} leads outside the build context through a symbolic link`;
      if (step.keyword === 'ADD' && from === undefined && lstatSync(host).isFile() && isArchive(m)) {
        extractArchive(host, st.root, dest, st.ctx);
      } else if (lstatSync(host).isDirectory()) {
        copyIntoRoot(host, st.root, dest);
      } else {
        const existingDir = existsSync(resolveInRoot(st.root, dest)) && lstatSync(resolveInRoot(st.root, dest)).isDirectory();
        copyIntoRoot(host, st.root, intoDir || existingDir ? posix.join(dest, posix.basename(m)) : dest);
      }
      copied++;
      if (from === undefined) pending.push(...copiedTodos(m, st.ctx));
    }
  }
  return copied ? { pending } : `${step.keyword}: nothing to copy`;
}

/** The disabled .deb installs in the scripts a copy of context path `rel` (a file or a directory) brings in. */
function copiedTodos(rel: string, ctx: BuildContext): PendingLead[] {
  const out: PendingLead[] = [];
  for (const [file, todos] of ctx.disabledDebs ?? []) {
    if (file !== rel && rel !== '.' && !file.startsWith(`${rel}/`)) continue;
    for (const t of todos) out.push(...debLeads(`${file}:${t.line}`, t.debs, ctx).map((lead) => ({ script: posix.basename(file), lead })));
  }
  return out;
}

/** An archive ADD unpacks: extracted to a scratch directory first, then copied in entry by entry. */
function extractArchive(archive: string, root: string, dest: string, ctx: BuildContext): void {
  const tmp = mkdtempSync(join(posix.dirname(root), 'add-'));
  try {
    execFileSync('tar', ['-xf', archive, '-C', tmp, '--no-same-owner'], { stdio: 'ignore' });
    for (const name of readdirSync(tmp)) copyIntoRoot(join(tmp, name), root, posix.join(dest, name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  // A root filesystem just arrived (its own /sbin/apk with it): put verify's apk in place.
  if (existsSync(join(root, 'bin', 'busybox'))) prepareState(root, ctx);
}

function runCommand(step: Step, st: StepState): StepOutcome {
  const body = step.run!;
  const hasShell = existsSync(resolveInRoot(st.root, st.shell[0] ?? '/bin/sh'));
  let argv: string[];
  if (body.kind === 'exec') {
    // Exec form re-quoted as shell by parseRunBody: run it through sh so the words split back.
    argv = ['/bin/sh', '-c', body.script.text];
  } else if (body.kind === 'heredoc') {
    const state = join(st.root, STATE.slice(1));
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, `heredoc-${step.line}`), `${body.script.text}\n`, { mode: 0o755 });
    const cmd = body.command?.text ?? '';
    argv = [...st.shell, cmd ? `${cmd} < ${STATE}/heredoc-${step.line}` : `${body.script.text.startsWith('#!') ? '' : `${st.shell[0]} `}${STATE}/heredoc-${step.line}`];
  } else argv = [...st.shell, body.script.text];
  if (!hasShell && body.kind !== 'exec') return `RUN needs ${st.shell[0]} in the image, and it has none (was the root filesystem added?)`;
  const script = argv.at(-1)!;
  const full = [...argv.slice(0, -1), `cd ${sq(st.workdir)} || exit 1\n${script}`];
  const env: Record<string, string> = { PATH: DEFAULT_PATH, HOME: '/root', ...Object.fromEntries(st.env) };
  const calls = join(st.root, STATE.slice(1), 'stub-calls');
  const before = existsSync(calls) ? readFileSync(calls, 'utf8').length : 0;
  const r = runInRoot(st.root, full, env, { timeoutMs: st.ctx.timeoutMs, ...(st.user && st.user !== 'root' ? { userspec: userspec(st.root, st.user) } : {}) });
  if (r.timedOut) return `timed out after ${Math.round(st.ctx.timeoutMs / 1000)} s`;
  if (r.status === 0) return {};
  const error = `${r.status === null ? `stopped (${r.failure})` : `exit ${r.status}`}: ${tail(r.output) || '(no output)'}`;
  // The step ran package commands verify only stubs (git clone, curl, make): what they would have
  // made is missing, so its failure says nothing about the sibling.
  const stubbed = existsSync(calls) ? readFileSync(calls, 'utf8').slice(before).split('\n').filter(Boolean) : [];
  if (!stubbed.length) return error;
  const shown = [...new Set(stubbed.map((c) => c.length > 80 ? `${c.slice(0, 79)}…` : c))];
  const lead = unrunRest(r.output, script, step.line, st.root);
  return { error, unverified: `after stubbed ${shown.slice(0, 3).map((c) => `\`${c}\``).join(', ')}${shown.length > 3 ? ` and ${shown.length - 3} more` : ''} (verify stubs package commands and has no network, so what they make is missing)`, cause: 'stubbed', ...(lead ? { leads: [lead] } : {}) };
}

/** The part of a script that never ran because the step stopped at a line: the script in the root, or the RUN's own text. */
function unrunRest(output: string, runText: string, stepLine: number, root: string): Lead | null {
  const at = stoppedAt(output);
  if (!at) return null;
  let text = runText;
  let script = `the RUN at line ${stepLine}`;
  // verify puts a `cd WORKDIR` line before the RUN's own text.
  let from = at.line - 1;
  if (at.script.startsWith('/') && at.script !== '/bin/sh') {
    try {
      const host = resolveInRoot(root, at.script);
      if (!lstatSync(host).isFile() || lstatSync(host).size > 1 << 20) return null;
      text = readFileSync(host, 'utf8');
      script = at.script;
      from = at.line;
    } catch {
      return null;
    }
  }
  return { kind: 'unrun', step: stepLine, script, from, rest: text.split('\n').slice(Math.max(0, from - 1)).join('\n') };
}
