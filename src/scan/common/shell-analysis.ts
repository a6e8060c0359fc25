/**
 * Shell analysis shared by the shell and Dockerfile extractors: walk a script, interpret what each
 * command does to packages, and turn it into facts and findings for one file.
 */
import type { Knowledge } from '../../knowledge/load.js';
import type { PackageInstall } from '../result.js';
import type { Extraction } from '../types.js';
import { findingOf } from '../rule-finding.js';
import { shellModel } from './shell-model.js';
import * as rules from './shell-rules.js';
import * as busyboxRules from './busybox-rules.js';
import { unsupportedOptions, type BusyboxKnowledge } from '../../busybox/knowledge.js';
import type { Command } from './shell-commands.js';
import { commandDebianisms, pathHits, type DebianismHit } from './debianisms.js';

const PACKAGE_MANAGERS = new Set(['apt-get', 'apt', 'apt-fast', 'aptitude', 'dpkg', 'systemctl', 'add-apt-repository', 'debconf-set-selections']);

/** GNU-only options and commands absent from BusyBox, for scripts that may run on Alpine. */
function checkBusybox(cmd: Command, file: string, out: Extraction, k: BusyboxKnowledge): void {
  if (PACKAGE_MANAGERS.has(cmd.name)) return; // reported by their own rules
  const gnu = k.gnu.get(cmd.name);
  if (!gnu) return;
  if (gnu.kind === 'missing') {
    out.findings.push(findingOf(busyboxRules.missingCommand, { file, line: cmd.line, message: `${cmd.name} is not on Alpine by default${gnu.pkg ? `; apk add ${gnu.pkg} provides it` : ''}.`, subject: cmd.name, evidence: cmd.evidence, data: { command: cmd.name, package: gnu.pkg } }));
    return;
  }
  const words = cmd.args.filter((a) => a.kind === 'word').map((a) => (a.kind === 'word' ? a.value.text : ''));
  // An applet whose --help lists no options at all (lsusb) often does not parse them: it may ignore
  // the option rather than refuse it, and then its output is not what the option asked for.
  const applet = k.applets.get(cmd.name);
  const optionless = applet !== undefined && applet.short.size === 0 && applet.long.size === 0;
  for (const p of unsupportedOptions(cmd.name, words, k)) {
    const what = optionless ? `BusyBox ${cmd.name} takes no options: ${p.option} is ignored or refused, not honoured` : `BusyBox ${cmd.name} does not accept ${p.option}`;
    out.findings.push(findingOf(busyboxRules.unsupportedOption, { file, line: cmd.line, message: `${what}${p.package ? `; apk add ${p.package} for the GNU ${cmd.name}` : ''}.`, subject: `${cmd.name} ${p.option}`, evidence: cmd.evidence, data: { command: cmd.name, option: p.option, package: p.package, ...(optionless ? { optionless: true } : {}) } }));
  }
}
import type { Env, LineAt } from './shell-words.js';

export interface ShellAnalysisInput {
  file: string;
  text: string;
  lineAt: LineAt;
  env: Env;
  knowledge: Knowledge;
  /** Dockerfile stage the script runs in. */
  stage?: string;
  /** The script's shell from its #! line: 'sh' enables bash-ism checks. */
  dialect?: 'sh' | 'bash' | null;
}

/** Adds what the script does to `out`, read off its one model (shell-model.ts). */
export function analyzeShell(input: ShellAnalysisInput, out: Extraction): void {
  const { file, stage, knowledge } = input;
  const debianism = (h: DebianismHit, evidence: string) =>
    out.findings.push(findingOf(h.rule, { file, line: h.line, message: h.message, subject: h.subject, evidence, data: h.data, ...(h.severity ? { severity: h.severity } : {}), ...(h.confidence ? { confidence: h.confidence } : {}) }));
  for (const e of shellModel(input.text, { knowledge, env: input.env, lineAt: input.lineAt, dialect: input.dialect ?? null })) {
    switch (e.kind) {
      case 'command': {
        for (const p of e.meaning.packages) {
          const record: PackageInstall = { name: p.name, arch: p.arch, version: p.version, manager: p.manager, source: p.source, file, line: p.line };
          if (p.path !== undefined) record.path = p.path;
          if (stage !== undefined) record.stage = stage;
          out.packages.push(record);
        }
        for (const a of e.meaning.serviceActions) out.serviceActions.push({ ...a, file });
        for (const { rule, ...f } of e.meaning.findings) out.findings.push(findingOf(rule, { file, ...f }));
        // `bash x.sh` in a #!/bin/bash script: bash is there, and bash-script already says Alpine needs it.
        if (!(e.cmd.name === 'bash' && input.dialect === 'bash')) checkBusybox(e.cmd, file, out, knowledge.busybox);
        for (const h of commandDebianisms(e.cmd, knowledge.debianisms)) debianism(h, e.cmd.evidence);
        referencesOf(e.cmd, file, out);
        break;
      }
      case 'assignment': {
        const line = input.lineAt(e.span.start);
        // Unknown parts ($PATH) leave the value unresolved: its text as written still names paths.
        const value = e.value ?? input.text.slice(e.span.start, e.span.end).replace(/^["']|["']$/g, '');
        const evidence = `${e.name}=${value}`.slice(0, 240);
        // PATH=/usr/lib/ccache:$PATH, ROOTFS_FILE=ubuntu-base-24.04-base-arm64.tar.gz
        for (const h of pathHits(value, line, knowledge.debianisms)) debianism(h, evidence);
        const base = value.slice(value.lastIndexOf('/') + 1);
        const tarball = knowledge.baseImages.tarballs.find((t) => t.pattern.test(base));
        if (tarball && tarball.distro !== 'alpine') out.findings.push(findingOf(rules.rootfsDownload, { file, line, message: `${e.name} names the ${tarball.distro} root filesystem ${base}.`, subject: value, evidence, data: { tarball: value, distro: tarball.distro } }));
        const debian = knowledge.debianisms.variables.find((v) => v.pattern.test(e.name));
        if (debian) out.findings.push(findingOf(rules.debconfVariable, { file, line, message: `${e.name} is read by ${debian.readBy}; apk does not read it.`, subject: e.name, evidence: e.name, data: { variable: e.name } }));
        break;
      }
      case 'wrapper':
        // sudo, doas, chroot, ... checked as commands; a shell running a script is the script's own
        // business (a #!/bin/bash script already says bash is needed).
        if (knowledge.wrappers[e.name]?.kind !== 'script') checkBusybox({ name: e.name, args: [], line: e.line, evidence: e.evidence, confidence: 'high', span: null }, file, out, knowledge.busybox);
        break;
      case 'redirect':
        for (const h of pathHits(e.target, e.line, knowledge.debianisms)) debianism(h, `> ${e.target}`);
        if (/(^|\/)DEBIAN\//.test(e.target)) out.findings.push(findingOf(rules.debFile, { file, line: e.line, message: `> ${e.target}: a control file of a .deb being built; Alpine packages are built by abuild from an APKBUILD.`, subject: e.target, evidence: `> ${e.target}`, data: { file: e.target } }));
        break;
      case 'bashism':
        out.findings.push(findingOf(busyboxRules.bashism, { file, line: e.line, message: `${e.construct} is bash syntax; BusyBox ash, Alpine's /bin/sh, may reject it.`, subject: e.construct, evidence: e.evidence, data: { construct: e.construct } }));
        break;
      case 'dynamic-script': {
        // A known installer (mappings/installers.json) is named, with why Alpine does without it.
        const installer = knowledge.installers.find((i) => i.match.test(e.evidence));
        const message = installer ? `This runs the ${installer.name} installer, downloaded at run time; Alpine does without it: ${installer.reason}.` : `This runs a script only known at run time: ${e.reason}.`;
        out.findings.push(findingOf(rules.dynamicScript, { file, line: e.line, message, subject: e.evidence, evidence: e.evidence, data: { installer: installer?.name ?? null } }));
        break;
      }
      case 'syntax-error':
        out.findings.push(findingOf(rules.shellParseError, { file, line: e.line, message: 'The shell parser could not read this line; the rest of the file was still scanned.', subject: e.evidence, evidence: e.evidence }));
        break;
    }
  }
}

const IMAGE_BUILDERS = new Set(['docker', 'podman', 'buildah', 'nsc', 'img', 'buildctl']);
/** A path whose last component is a glob (`dir/*`, `files/*.service`): the build iterates `dir`. */
const DIR_GLOB = /^[^-'"$][^'"$]*\/[^/]*[*?[][^/]*$/;

/** Globs over directories and `docker build -f` calls, for the plan of the build. */
function referencesOf(cmd: Command, file: string, out: Extraction): void {
  const words = cmd.args.filter((a) => a.kind === 'word').map((a) => (a.kind === 'word' ? a.value.text : ''));
  for (const w of words) if (DIR_GLOB.test(w)) out.references.push({ kind: 'glob', file, line: cmd.line, sources: [w] });
  // A word only known at run time stays in place (as an empty one), so positions still count.
  const built = debBuiltBy(cmd.name, cmd.args.map((a) => (a.kind === 'word' ? a.value.text : '')));
  if (built) out.references.push({ kind: 'deb-build', file, line: cmd.line, sources: [built] });
  if (!IMAGE_BUILDERS.has(cmd.name) || !words.includes('build')) return;
  const value = (...names: string[]) => {
    for (let i = 0; i < words.length; i++) {
      for (const n of names) {
        if (words[i] === n && words[i + 1] !== undefined) return words[i + 1]!;
        if (words[i]!.startsWith(`${n}=`)) return words[i]!.slice(n.length + 1);
      }
    }
    return null;
  };
  const dockerfile = value('-f', '--file');
  if (!dockerfile) return;
  const buildArgs: Record<string, string> = {};
  words.forEach((w, i) => {
    const kv = w === '--build-arg' ? words[i + 1] : w.startsWith('--build-arg=') ? w.slice(12) : undefined;
    const m = kv ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(kv) : null;
    if (m) buildArgs[m[1]!] = m[2]!;
  });
  const tag = value('-t', '--tag');
  const platform = value('--platform');
  out.references.push({ kind: 'docker-build', file, line: cmd.line, sources: [dockerfile], ...(tag ? { tag } : {}), buildArgs, ...(platform ? { platform } : {}) });
}

/**
 * The name stem of the .deb a command builds from what the build compiled: `checkinstall
 * --pkgname=N` writes N_<version>_<arch>.deb, `dpkg-deb --build DIR OUT.deb` writes OUT.deb.
 * Later steps move, copy and install it by that stem; Alpine's sibling builds a tarball instead.
 */
export function debBuiltBy(name: string, words: string[]): string | null {
  if (name === 'checkinstall') {
    const i = words.findIndex((w) => w === '--pkgname' || w.startsWith('--pkgname='));
    const stem = i < 0 ? null : words[i]!.includes('=') ? words[i]!.slice(10) : words[i + 1];
    return stem && /^[A-Za-z0-9][A-Za-z0-9+.-]*$/.test(stem) ? stem : null;
  }
  if (name === 'dpkg-deb') {
    const i = words.findIndex((w) => w === '-b' || w === '--build');
    const paths = i < 0 ? [] : words.slice(i + 1).filter((w) => !w.startsWith('-'));
    const m = paths.length === 2 ? /(?:^|\/)([A-Za-z0-9][A-Za-z0-9+.-]*?)\.deb$/.exec(paths[1]!) : null;
    return m ? m[1]! : null;
  }
  return null;
}

/** Line lookup for a whole file: offset -> 1-based line. */
export function lineIndex(text: string): LineAt {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
