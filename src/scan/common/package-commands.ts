/**
 * What a command does to Debian packages: installs (with names, architectures and versions),
 * local .deb files, multiarch, repositories, debconf and downloads. The grammar of each package
 * manager's options is data (mappings/package-commands.json); this file applies it.
 */
import type { Knowledge, PackageCommandSpec } from '../../knowledge/load.js';
import type { Confidence, PackageInstall, ServiceAction, Severity } from '../result.js';
import * as systemdRules from '../systemd/rules.js';
import { UNIT_TYPES } from '../../systemd/parse.js';
import type { RuleMeta } from '../types.js';
import type { Command, Token } from './shell-commands.js';
import * as rules from './shell-rules.js';

export interface PackageSink {
  package(p: Omit<PackageInstall, 'file' | 'stage'>): void;
  serviceAction(a: Omit<ServiceAction, 'file'>): void;
  finding(rule: RuleMeta, f: { line: number; message: string; subject: string; evidence: string; data?: Record<string, unknown>; confidence?: Confidence; severity?: Severity }): void;
}

/** Debian policy 5.6.1: lower-case letters, digits, + - . ; at least two characters, starting alphanumeric. */
const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const NON_FOREIGN_ARCHES = new Set(['any', 'native', 'all']);
const PATTERN_CHARS = /[*?[\]~^$|]/;

type WordToken = Extract<Token, { kind: 'word' }>;
type UnresolvedToken = Extract<Token, { kind: 'unresolved' }>;

interface ParsedArgs {
  verb: WordToken | null;
  positional: Token[];
  options: string[];
}

function isWord(t: Token | undefined): t is WordToken {
  return t?.kind === 'word';
}

/** Splits arguments into options (with their values skipped) and positionals. */
function parseArgs(spec: PackageCommandSpec, args: Token[], wantVerb: boolean): ParsedArgs {
  const long = new Set(spec.optionsWithValue);
  const short = new Set(spec.shortOptionsWithValue);
  const out: ParsedArgs = { verb: null, positional: [], options: [] };
  let endOfOptions = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.kind === 'word' && !endOfOptions) {
      const t = a.value.text;
      if (t === '--') {
        endOfOptions = true;
        continue;
      }
      if (t.startsWith('--')) {
        out.options.push(t);
        if (!t.includes('=') && long.has(t)) i++;
        continue;
      }
      if (t.startsWith('-') && t.length > 1) {
        out.options.push(t);
        for (let k = 1; k < t.length; k++) {
          if (short.has(t[k]!)) {
            if (k === t.length - 1) i++; // value is the next argument
            break; // otherwise the value is attached: -oDpkg::Options::=...
          }
        }
        continue;
      }
    }
    if (a.kind === 'unresolved' && !out.verb && wantVerb) continue; // `apt-get $OPTS install ...`
    if (wantVerb && !out.verb && a.kind === 'word') out.verb = a;
    else out.positional.push(a);
  }
  return out;
}

interface PackageSpec {
  name: string;
  arch: string | null;
  version: string | null;
}

/** `name[:arch][=version]` or `name[:arch]/release`, as apt-get(8) accepts them. */
function parsePackageSpec(text: string): PackageSpec | null {
  const m = /^([^:=/]+)(?::([a-z0-9-]+))?(?:=(.+)|\/(.+))?$/.exec(text);
  if (!m) return null;
  return { name: m[1]!, arch: m[2] ?? null, version: m[3] ?? null };
}

function isLocalDeb(text: string): boolean {
  return /\.deb$/.test(text) && (text.includes('/') || text.startsWith('.'));
}

/** Debian file names are name_version_arch.deb; anything else keeps its base name. */
export function debFileName(path: string): PackageSpec {
  const base = path.slice(path.lastIndexOf('/') + 1).replace(/\.deb$/, '');
  const m = /^([a-z0-9][a-z0-9+.-]+)_([0-9][^_]*)(?:_([a-z0-9-]+))?$/.exec(base);
  if (m) return { name: m[1]!, version: m[2]!, arch: m[3] ?? null };
  return { name: base, version: null, arch: null };
}

export function interpretCommand(cmd: Command, knowledge: Knowledge, sink: PackageSink): void {
  const spec = knowledge.packageCommands[cmd.name];
  if (spec) {
    if (cmd.name === 'dpkg') dpkg(cmd, spec, sink);
    else if (spec.localDebsOnly) localDebs(cmd, spec, parseArgs(spec, cmd.args, false).positional, sink);
    else apt(cmd, spec, sink);
    return;
  }
  switch (cmd.name) {
    case 'add-apt-repository':
    case 'apt-add-repository': {
      const repo = cmd.args.find((a) => a.kind === 'unresolved' || !a.value.text.startsWith('-'));
      const label = repo ? (repo.kind === 'word' ? repo.value.text : repo.text) : '(none)';
      sink.finding(rules.addAptRepository, { line: cmd.line, message: `${cmd.name} adds the apt source ${label}.`, subject: label, evidence: cmd.evidence, data: { repository: label } });
      return;
    }
    case 'debconf-set-selections':
      sink.finding(rules.debconfSelections, { line: cmd.line, message: 'debconf-set-selections preseeds answers for Debian packages.', subject: cmd.evidence, evidence: cmd.evidence });
      return;
    case 'wget':
    case 'curl':
      downloads(cmd, knowledge, sink);
      return;
    case 'systemctl':
      systemctl(cmd, sink);
      return;
  }
}

const UNIT_SUFFIX = new RegExp(`\\.(${UNIT_TYPES.join('|')})$`);
const SYSTEMCTL_ACTIONS = new Set(['enable', 'disable', 'mask', 'unmask', 'start', 'stop', 'restart']);
/** Verbs that change what starts at boot: an error until the OpenRC runlevels say the same. */
const BOOT_VERBS = new Set(['enable', 'disable', 'mask', 'unmask', 'preset', 'set-default', 'reenable']);

/**
 * `systemctl [options] VERB UNIT...` (systemctl(1)): every call is a finding, since Alpine has no
 * systemctl; the verbs that change the boot are errors, the others (start, restart, daemon-reload,
 * is-active, ...) warnings that migrate generate rewrites where systemctl-openrc.tsv has a form.
 */
function systemctl(cmd: Command, sink: PackageSink): void {
  const rest = cmd.args.filter((a) => a.kind === 'word' && !a.value.text.startsWith('-')) as WordToken[];
  const verb = rest[0]?.value.text ?? '';
  const units = rest.slice(1);
  if (SYSTEMCTL_ACTIONS.has(verb)) {
    for (const u of units) {
      const unit = UNIT_SUFFIX.test(u.value.text) ? u.value.text : `${u.value.text}.service`;
      sink.serviceAction({ action: verb as ServiceAction['action'], unit, line: u.line });
    }
  }
  const severity = BOOT_VERBS.has(verb) ? 'error' : 'warning';
  const named = units.length ? units.map((u) => ({ unit: UNIT_SUFFIX.test(u.value.text) ? u.value.text : `${u.value.text}.service`, line: u.line })) : [{ unit: '', line: cmd.line }];
  for (const { unit, line } of named) {
    const what = `systemctl ${verb || '(no verb)'}${unit ? ` ${unit}` : ''}`;
    sink.finding(systemdRules.systemctlCall, { line, message: `${what}: Alpine has no systemctl.`, subject: `${verb} ${unit}`.trim(), evidence: cmd.evidence, severity, data: { action: verb, unit: unit || null } });
  }
}

function reportUnresolved(cmd: Command, tokens: UnresolvedToken[], sink: PackageSink): void {
  for (const t of tokens) {
    sink.finding(rules.unresolvedPackageList, {
      line: t.line,
      message: `${cmd.name} installs packages from ${t.text}, which cannot be read statically: ${t.reason}.`,
      subject: t.text,
      evidence: cmd.evidence,
      data: { manager: cmd.name, expression: t.text, reason: t.reason },
    });
  }
}

function apt(cmd: Command, spec: PackageCommandSpec, sink: PackageSink): void {
  const parsed = parseArgs(spec, cmd.args, true);
  const action = parsed.verb ? spec.verbs?.[parsed.verb.value.text] : undefined;
  if (!action) return;
  if (action === 'build-dep') {
    const names = parsed.positional.map((t) => (t.kind === 'word' ? t.value.text : t.text));
    sink.finding(rules.aptBuildDep, { line: cmd.line, message: `${cmd.name} build-dep installs the build dependencies of ${names.join(', ') || '(nothing)'}.`, subject: names.join(' '), evidence: cmd.evidence, data: { sources: names } });
    return;
  }
  const unresolved: UnresolvedToken[] = [];
  const patterns: WordToken[] = [];
  const installed: string[] = [];
  const local: WordToken[] = [];
  const words: { text: string; line: number }[] = [];
  for (const t of parsed.positional) {
    if (t.kind === 'unresolved') unresolved.push(t);
    else if (action === 'satisfy') {
      // `apt-get satisfy "foo (>= 1), bar | baz"`: the first alternative of each dependency.
      for (const dep of t.value.text.split(',')) {
        const first = dep.split('|')[0]!.replace(/\(.*?\)/g, '').trim();
        if (first) words.push({ text: first, line: t.line });
      }
    } else if (isLocalDeb(t.value.text)) local.push(t);
    else words.push({ text: t.value.text, line: t.line });
  }
  for (const w of words) {
    // A trailing - asks apt to remove the package (apt-get(8)); a trailing + is part of names like g++.
    if (w.text.endsWith('-')) continue;
    const p = PATTERN_CHARS.test(w.text) ? null : parsePackageSpec(w.text);
    if (!p || !DEBIAN_NAME.test(p.name)) {
      patterns.push({ kind: 'word', value: { text: w.text, lines: [w.line] }, line: w.line });
      continue;
    }
    installed.push(p.name);
    sink.package({ name: p.name, arch: p.arch, version: p.version, manager: spec.manager, source: 'repository', line: w.line });
    if (p.arch && !NON_FOREIGN_ARCHES.has(p.arch)) {
      sink.finding(rules.multiarchPackage, { line: w.line, message: `${p.name}:${p.arch} is installed for architecture ${p.arch}.`, subject: `${p.name}:${p.arch}`, evidence: cmd.evidence, data: { package: p.name, arch: p.arch } });
    }
  }
  if (installed.length > 0) {
    sink.finding(rules.aptInstall, {
      line: cmd.line,
      message: `${cmd.name} ${parsed.verb!.value.text} installs ${installed.length} package${installed.length === 1 ? '' : 's'}: ${summarize(installed)}.`,
      subject: installed.join(' '),
      evidence: cmd.evidence,
      data: { manager: spec.manager, packages: installed },
      confidence: cmd.confidence,
    });
  }
  for (const p of patterns) {
    sink.finding(rules.unresolvedPackageList, {
      line: p.line,
      message: `${cmd.name} argument ${p.value.text} is a pattern or not a valid Debian package name; the packages it selects are unknown.`,
      subject: p.value.text,
      evidence: cmd.evidence,
      data: { manager: spec.manager, expression: p.value.text, reason: 'pattern or invalid package name' },
    });
  }
  localDebs(cmd, spec, local, sink);
  reportUnresolved(cmd, unresolved, sink);
}

function summarize(names: string[], max = 8): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function localDebs(cmd: Command, spec: PackageCommandSpec, tokens: Token[], sink: PackageSink): void {
  const unresolved: UnresolvedToken[] = [];
  for (const t of tokens) {
    if (t.kind === 'unresolved') {
      unresolved.push(t);
      continue;
    }
    const path = t.value.text;
    const p = debFileName(path);
    sink.package({ name: p.name, arch: p.arch, version: p.version, manager: spec.manager, source: 'local-deb', line: t.line, path });
    sink.finding(rules.localDebInstall, {
      line: t.line,
      message: `${cmd.name} installs the local package file ${path}.`,
      subject: path,
      evidence: cmd.evidence,
      data: { manager: spec.manager, path, package: p.name },
      confidence: PATTERN_CHARS.test(path) ? 'medium' : 'high',
    });
  }
  reportUnresolved(cmd, unresolved, sink);
}

function dpkg(cmd: Command, spec: PackageCommandSpec, sink: PackageSink): void {
  const addArch = new Set(spec.addArchitectureOptions ?? []);
  const install = new Set(spec.installOptions ?? []);
  const recursive = new Set(spec.recursiveOptions ?? []);
  let installing = false;
  let isRecursive = false;
  const rest: Token[] = [];
  for (let i = 0; i < cmd.args.length; i++) {
    const a = cmd.args[i]!;
    if (!isWord(a)) {
      rest.push(a);
      continue;
    }
    const t = a.value.text;
    const [opt, inline] = t.startsWith('--') && t.includes('=') ? [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)] : [t, undefined];
    if (addArch.has(opt)) {
      const next = inline ?? (isWord(cmd.args[i + 1]) ? (cmd.args[++i] as WordToken).value.text : '?');
      sink.finding(rules.addArchitecture, { line: a.line, message: `dpkg --add-architecture ${next} enables multiarch packages.`, subject: next, evidence: cmd.evidence, data: { arch: next } });
      continue;
    }
    if (install.has(t) || (/^-[a-zA-Z]+$/.test(t) && t.includes('i'))) {
      installing = true;
      if (t.includes('R')) isRecursive = true;
      continue;
    }
    if (recursive.has(t)) {
      isRecursive = true;
      continue;
    }
    if (t.startsWith('-')) {
      if (!t.includes('=') && spec.optionsWithValue.includes(t)) i++;
      continue;
    }
    rest.push(a);
  }
  if (!installing) return;
  if (isRecursive) {
    for (const t of rest) {
      const label = t.kind === 'word' ? t.value.text : t.text;
      sink.finding(rules.localDebInstall, { line: t.line, message: `dpkg installs every .deb found under ${label}.`, subject: label, evidence: cmd.evidence, data: { manager: 'dpkg', path: label, recursive: true }, confidence: 'medium' });
    }
    return;
  }
  localDebs(cmd, spec, rest, sink);
}

function downloads(cmd: Command, knowledge: Knowledge, sink: PackageSink): void {
  for (const a of cmd.args) {
    if (!isWord(a)) continue;
    const url = a.value.text.replace(/[?#].*$/, '');
    // Only URLs: the output name (-O x.deb) names the same download again.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) continue;
    const base = url.slice(url.lastIndexOf('/') + 1);
    if (base.endsWith('.deb') && url.includes('/')) {
      sink.finding(rules.debDownload, { line: a.line, message: `${cmd.name} downloads the Debian package ${base}.`, subject: base, evidence: cmd.evidence, data: { url: a.value.text, package: debFileName(base).name } });
      continue;
    }
    const tarball = knowledge.baseImages.tarballs.find((t) => t.pattern.test(base));
    if (tarball && tarball.distro !== 'alpine' && url.includes('/')) {
      sink.finding(rules.rootfsDownload, { line: a.line, message: `${cmd.name} downloads the ${tarball.distro} root filesystem ${base}.`, subject: base, evidence: cmd.evidence, data: { url: a.value.text, tarball: base, distro: tarball.distro } });
    }
  }
}
