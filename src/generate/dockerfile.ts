/**
 * The Alpine sibling of a Dockerfile (pure), instruction by instruction: Ubuntu/Debian bases become
 * alpine:<release>, RUN bodies go through the shell translation, DEBIAN_FRONTEND goes, unit files
 * are copied as the generated OpenRC scripts, multiarch library paths are rewritten, and what has
 * no faithful form gets a `# TODO(migrate): ...` line above it. Everything else is kept as written.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { offsetResolver } from '../scan/dockerfile/positions.js';
import { parseRunBody } from '../scan/dockerfile/run-body.js';
import { imageDistro } from '../scan/dockerfile/extract.js';
import type { Knowledge } from '../knowledge/load.js';
import { translateShell, type TranslateContext } from './translate-shell.js';
import { multiarchTuples } from '../knowledge/alpine-release.js';
import { rewriteMultiarch } from './multiarch.js';
import { append } from '../append.js';

export interface DockerfileContext extends TranslateContext {
  knowledge: Knowledge;
  release: string;
  /** Repo-relative directory of the generated OpenRC files, for COPY lines. */
  openrcDir: string;
  hasPeriodic: boolean;
  /** The timers with no periodic directory became lines of openrc/crontab, appended to root's crontab. */
  hasCrontab?: boolean;
  /** False when the units became no init script at all (only timers): there is no init.d/ to copy. */
  hasInitScripts?: boolean;
  /** What every Alpine root this build makes needs before its first RUN (from the plan). */
  base?: AlpineBase;
  /** ARG names the Alpine build script passes the minirootfs in (--build-arg). */
  rootfsArgs?: Set<string>;
}

export interface AlpineBase {
  /** Installed in a root filesystem stage (FROM scratch + the minirootfs): OpenRC and what booting needs. */
  rootfsPackages: string[];
  /** Enabled right after: `service runlevel`. */
  rootfsServices: { service: string; runlevel: string }[];
  /** Installed in every other stage that starts from alpine (bash when a sibling still needs it). */
  stagePackages: string[];
  /** Enabled where the OpenRC scripts are installed (crond for periodic scripts). */
  serviceServices: { service: string; runlevel: string }[];
  /** Installed where the OpenRC scripts are (crond, inotify-tools), unless the root filesystem base has them. */
  servicePackages: string[];
  /** Installed where the OpenRC scripts are in a stage without the root filesystem base (openrc). */
  openrcPackages: string[];
}

function baseRun(packages: string[], services: { service: string; runlevel: string }[]): string {
  const parts = [`apk add --no-cache ${packages.join(' ')}`, ...services.map((s) => `rc-update add ${s.service} ${s.runlevel}`)];
  return `RUN ${parts.join(' \\\n && ')}`;
}

export interface DockerfileTranslation {
  text: string;
  notes: { line: number; action: 'replaced' | 'todo' | 'dropped'; message: string }[];
  apkPackages: string[];
}


export function translateDockerfile(text: string, ctx: DockerfileContext): DockerfileTranslation {
  const df = DockerfileParser.parse(text);
  const offsetOf = offsetResolver(text);
  const notes: DockerfileTranslation['notes'] = [];
  const apk: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const stageNames = new Map<string, string>();
  let copiedUnits = false;
  const globalArgs = new Map<string, string>();
  /** Stages (by name) whose root already has the base installed, so stages built FROM them do too. */
  const withBase = new Set<string>();
  let stage = '';
  const base = ctx.base;
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const range = ins.getRange();
    const start = offsetOf(range.start);
    const end = offsetOf(range.end);
    const line = range.start.line + 1;
    const original = text.slice(start, end);
    const said = new Set<string>();
    const todo = (message: string) => {
      if (said.has(message)) return; // two commands of one RUN with the same problem: one line above it
      said.add(message);
      edits.push({ start, end: start, text: `# TODO(migrate): ${message}\n` });
      notes.push({ line, action: 'todo', message });
    };
    const replace = (replacement: string, message: string, action: 'replaced' | 'dropped' = 'replaced') => {
      edits.push({ start, end, text: replacement });
      notes.push({ line, action, message });
    };
    const args = ins.getArguments();
    switch (keyword) {
      case 'ARG': {
        const m = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(\S*))?/.exec(original);
        if (m && stageNames.size === 0) globalArgs.set(m[1]!, m[2] ?? '');
        if (m?.[1] === 'DEBIAN_FRONTEND') replace('# migrate: ARG DEBIAN_FRONTEND removed (debconf only)', 'ARG DEBIAN_FRONTEND removed', 'dropped');
        break;
      }
      case 'ENV': {
        if (/^ENV\s+DEBIAN_FRONTEND[= ]\S+\s*$/.test(original)) replace('# migrate: ENV DEBIAN_FRONTEND removed (debconf only)', 'ENV DEBIAN_FRONTEND removed', 'dropped');
        else if (/DEBIAN_FRONTEND/.test(original)) todo('DEBIAN_FRONTEND only matters to debconf; drop it from this ENV');
        break;
      }
      case 'FROM': {
        const first = args[0];
        if (!first) break;
        const image = first.getValue().replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_w, n: string) => globalArgs.get(n) || `\${${n}}`);
        const asIndex = args.findIndex((a) => a.getValue().toUpperCase() === 'AS');
        stage = asIndex >= 0 && args[asIndex + 1] ? args[asIndex + 1]!.getValue().toLowerCase() : String(stageNames.size);
        stageNames.set(stage, image);
        if (withBase.has(image.toLowerCase())) withBase.add(stage);
        const distro = imageDistro(image, ctx.knowledge, new Map());
        if (distro === 'ubuntu' || distro === 'debian') {
          const a = offsetOf(first.getRange().start);
          const b = offsetOf(first.getRange().end);
          edits.push({ start: a, end: b, text: `alpine:${ctx.release}` });
          notes.push({ line, action: 'replaced', message: `FROM ${image} -> alpine:${ctx.release}` });
          if (base?.stagePackages.length) {
            edits.push({ start: end, end, text: `\n# migrate: the shells and tools this build's Alpine scripts run with\n${baseRun(base.stagePackages, [])}` });
            notes.push({ line, action: 'replaced', message: `base: apk add ${base.stagePackages.join(' ')}` });
          }
        }
        break;
      }
      case 'ADD':
      case 'COPY': {
        const values = args.map((a) => a.getValue());
        const dest = values.at(-1) ?? '';
        if (/^\/(usr\/)?lib\/systemd\/system|^\/etc\/systemd\/system/.test(dest)) {
          if (copiedUnits) replace('# migrate: unit files are installed once, as OpenRC scripts, above', `${keyword} of unit files dropped`, 'dropped');
          else {
            copiedUnits = true;
            const lines: string[] = [];
            // A stage without the root filesystem base still needs OpenRC for its scripts to mean anything.
            const pkgs = withBase.has(stage) ? (base?.servicePackages ?? []).filter((p) => !base?.rootfsPackages.includes(p)) : [...(base?.openrcPackages ?? []), ...(base?.servicePackages ?? [])];
            if (pkgs.length) lines.push(`RUN apk add --no-cache ${pkgs.join(' ')}`);
            if (ctx.hasInitScripts !== false) lines.push(`COPY ${ctx.openrcDir}/init.d/ /etc/init.d/`);
            if (ctx.hasPeriodic) lines.push(`COPY ${ctx.openrcDir}/periodic/ /etc/periodic/`);
            if (ctx.hasCrontab) lines.push(`COPY ${ctx.openrcDir}/crontab /tmp/migrate-crontab`, 'RUN mkdir -p /etc/crontabs && cat /tmp/migrate-crontab >> /etc/crontabs/root && rm /tmp/migrate-crontab');
            if (base?.serviceServices.length) lines.push(`RUN ${base.serviceServices.map((x) => `rc-update add ${x.service} ${x.runlevel}`).join(' && ')}`);
            replace(`# migrate: systemd units replaced by the OpenRC scripts migrate generated\n${lines.join('\n')}`, `${keyword} of unit files -> COPY of the OpenRC scripts`);
          }
          break;
        }
        const scratch = [...stageNames.values()].at(-1) === 'scratch';
        const rootfsAdded = () => {
          if (!base?.rootfsPackages.length || withBase.has(stage)) return;
          withBase.add(stage);
          edits.push({ start: end, end, text: `\n# migrate: what a booting Alpine root needs (mappings/openrc-boot.tsv), before the first RUN\n${baseRun(base.rootfsPackages, base.rootfsServices)}` });
          notes.push({ line, action: 'replaced', message: `root filesystem base: apk add ${base.rootfsPackages.join(' ')}, ${base.rootfsServices.length} boot services enabled` });
        };
        const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(values[0] ?? '')?.[1];
        if (keyword === 'ADD' && scratch && variable) {
          if (ctx.rootfsArgs?.has(variable)) notes.push({ line, action: 'replaced', message: `${values[0]} is the root filesystem: the Alpine build script passes the minirootfs in it` });
          else todo(`${values[0]} is the root filesystem: pass alpine-minirootfs-<version>-<arch>.tar.gz here (build_alpine.sh --build-arg)`);
          rootfsAdded();
          break;
        }
        if (keyword === 'ADD' && values.slice(0, -1).some((v) => /ubuntu-base-[^/]*\.tar/.test(v))) {
          replace(original.replace(/\S*ubuntu-base-[^\s/]*\.tar(\.[a-z0-9]+)?/, '${ALPINE_MINIROOTFS}').replace(/^/, 'ARG ALPINE_MINIROOTFS\n'), 'ADD ubuntu-base -> ADD ${ALPINE_MINIROOTFS} (alpine-minirootfs-<version>-<arch>.tar.gz, passed by build_alpine.sh)');
          if (scratch) rootfsAdded();
          break;
        }
        const multi = rewriteMultiarch(original, ctx.arch);
        if (multi.foreign.length) {
          // Another architecture's libraries would land among the target's: never copied.
          todo(`${keyword} puts ${multi.foreign.join(', ')} libraries (another architecture) into the image: Alpine has no multiarch; give them a root of their own (an ${multi.foreign.map((t) => multiarchTuples().get(t)?.arch).join('/')} musl or glibc sysroot) or drop them (disabled below)`);
          edits.push({ start, end, text: original.split('\n').map((l) => `# ${l}`).join('\n') });
        } else if (multi.text !== original) replace(multi.text, 'Debian multiarch library path -> /usr/lib or /lib');
        break;
      }
      case 'SHELL':
        if (/bash/.test(original)) todo('SHELL uses bash: add RUN apk add --no-cache bash before it');
        break;
      case 'RUN': {
        const first = args[0];
        if (!first) break;
        const bodyStart = offsetOf(first.getRange().start);
        const raw = text.slice(bodyStart, end);
        const body = parseRunBody(raw, line, df.getEscapeCharacter());
        if (body.kind !== 'shell') {
          if (/apt|dpkg/.test(raw)) {
            // It would fail on Alpine: kept as a comment under its TODO, never run.
            todo(`this ${body.kind} RUN installs Debian packages; rewrite it with apk (disabled below)`);
            edits.push({ start, end, text: original.split('\n').map((l) => `# ${l}`).join('\n') });
          }
          break;
        }
        const t = translateShell(body.script.text, { ...ctx, todos: 'notes' });
        append(apk, t.apkPackages);
        for (const n of t.notes) {
          // A comment cannot live inside a RUN: TODOs go above the instruction.
          if (n.action === 'todo') todo(n.message);
          else notes.push({ line, action: n.action, message: n.message });
        }
        const multi = rewriteMultiarch(t.text, ctx.arch);
        const translated = multi.text;
        if (multi.foreign.length) todo(`this RUN uses ${multi.foreign.join(', ')} libraries (another architecture): Alpine has no multiarch`);
        if (translated !== body.script.text) edits.push({ start: bodyStart, end, text: translated });
        const systemdPath = /(\/usr)?\/lib\/systemd\/[^\s'"]*/.exec(raw)?.[0];
        // Unless the shell translation already disabled the command that uses it.
        if (systemdPath && !t.notes.some((n) => n.message.includes(systemdPath))) todo(`this RUN uses ${systemdPath}, which Alpine (OpenRC, no systemd) does not have`);
        break;
      }
    }
  }
  edits.sort((x, y) => x.start - y.start || (x.end === x.start ? -1 : 0) - (y.end === y.start ? -1 : 0));
  let out = text;
  for (const e of [...edits].reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, notes: notes.sort((a, b) => a.line - b.line), apkPackages: [...new Set(apk)] };
}
