/**
 * Rewrites shell for Alpine (pure): each top-level command with a faithful Alpine form is replaced
 * in place (apt-get install -> apk add with the mapped names, systemctl enable -> rc-update add,
 * useradd/groupadd/usermod/adduser -> BusyBox adduser/addgroup, ...); a Debian-only command
 * without one is kept, preceded by a `# TODO(migrate): ...` line. Everything else is left as written.
 */
import { escapeRegExp } from '../regexp.js';
import type { PackageMap } from '../db/lookup.js';
import { DEFAULT_RELEASE } from '../convert/project.js';
import type { Knowledge } from '../knowledge/load.js';
import { shellModel, type CommandMeaning } from '../scan/common/shell-model.js';
import { debianCommand } from '../scan/common/debianisms.js';
import type { DebianCommand } from '../knowledge/debianisms.js';
import { disabledMessage } from './todo-line.js';
import { systemctlOpenrc } from '../convert/systemctl.js';
import { evidenceOf, type Command, type Token } from '../scan/common/shell-commands.js';
import type { Str } from '../scan/common/shell-words.js';
import { sq } from '../convert/shell-quote.js';
import { alpineGroup } from '../knowledge/groups.js';
import type { Debianisms } from '../knowledge/debianisms.js';
import { debianOnlyPath } from '../knowledge/debian-paths.js';
import { pamLimitAsUlimit, type UlimitLine } from '../knowledge/pam-limits.js';
import { alpineArchOfTarball, minirootfs, type Minirootfs } from '../knowledge/alpine-release.js';
import { debBuiltBy, lineIndex } from '../scan/common/shell-analysis.js';
import { isBuiltDeb } from '../plan/built-debs.js';
import { renameBuiltDebs, tarballOf } from './built-debs.js';
import { rewriteMultiarch } from './multiarch.js';
import { append } from '../append.js';

const UBUNTU_BASE_TARBALL = /ubuntu-base-[^\s"'/]*\.tar(\.[a-z0-9]+)?/;
const UBUNTU_BASE_DIRECTORY = /^https?:\/\/cdimage\.ubuntu\.com\/ubuntu-base\//;
const CHECKSUM_NAME = /SHA|SUM|HASH/i;
/** Commands that need the file they name to exist: disabled when it is a Debian-only path. */
const PATH_READERS = new Set(['sed', 'touch', 'chmod', 'chown', 'cat', 'grep', 'cp', 'mv', 'ln', 'source', '.']);

/** The words before a command that a wrapper put there (`sudo `, `FOO=1 `), kept in its rewrite. */
function wrapperPrefix(written: string, name: string): string {
  const m = new RegExp(`(^|\\s)(\\S*/)?${escapeRegExp(name)}(?=\\s|$)`).exec(written);
  if (!m) return '';
  // debconf settings mean nothing to apk: drop them with the command they configured.
  return written.slice(0, m.index + m[1]!.length).replace(/\b(DEBIAN_FRONTEND|DEBCONF_[A-Z_]+)=\S*\s+/g, '');
}

export interface TranslateContext {
  knowledge: Knowledge;
  map: PackageMap;
  /** Unit names the repository ships (their OpenRC scripts keep the name). */
  shippedUnits: Set<string>;
  /** OpenRC service -> the runlevel its unit's WantedBy= implies (the conversion's), for systemctl enable. */
  runlevels?: ReadonlyMap<string, string | null>;
  release?: string;
  arch?: string;
  /** 'comment' (scripts): TODO lines go into the text; 'notes' (Dockerfile RUN): only into notes. */
  todos?: 'comment' | 'notes';
  /** Name stems of the .deb files the build makes itself (the plan's builtDebs): tarballs on Alpine. */
  builtDebs?: readonly string[];
}

export interface Translation {
  text: string;
  /** Package names from variables were written out in Alpine form, so those variables may now be unused. */
  inlinedVariables: boolean;
  /** What was replaced, kept with a TODO, or dropped, with the line of the original. */
  notes: { line: number; action: 'replaced' | 'todo' | 'dropped'; message: string }[];
  /** Alpine packages the rewritten commands install (for checks and the summary). */
  apkPackages: string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

const words = (args: Token[]) => args.filter((a): a is Extract<Token, { kind: 'word' }> => a.kind === 'word').map((a) => a.value.text);
/** Every argument in place, one only known at run time as an empty word (what debBuiltBy counts). */
const positional = (args: Token[]) => args.map((a) => (a.kind === 'word' ? a.value.text : ''));
/** An argument as the script wrote it ($DIR stays $DIR), for a rewrite that keeps its meaning. */
function written(t: Token): string | null {
  if (t.kind === 'word') return t.source ?? sq(t.value.text);
  return t.offset >= 0 ? t.text : null;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Options of useradd/groupadd that take a value. */
const USERADD_VALUE = new Set(['-s', '--shell', '-d', '--home', '--home-dir', '-u', '--uid', '-g', '--gid', '-G', '--groups', '-c', '--comment', '-k', '--skel', '-e', '-f', '-p', '-K']);

/** `addgroup USER GROUP` for a group Alpine may lack: mapped (sudo -> wheel), dropped, or created first. */
function joinGroup(user: string, group: string, q: (v: string) => string, note: (m: string) => void, k: Debianisms): string | null {
  const g = alpineGroup(group, k);
  if (g.action === 'drop') {
    note(`group ${group} dropped: ${g.why}`);
    return null;
  }
  if (g.action === 'map') note(`group ${group} -> ${g.group}: ${g.why}`);
  if (g.action === 'create') note(`group ${group} created: ${g.why}`);
  const join = `addgroup ${q(user)} ${q(g.group)}`;
  return g.action === 'create' ? `{ addgroup -S ${q(g.group)} 2>/dev/null || true; } && ${join}` : join;
}

function userCommand(cmd: Command, k: Debianisms, note: (m: string) => void = () => {}): string | null {
  // A word written with a variable ($USERNAME) keeps it, quoted, instead of its value; so does one
  // only known at run time (a Dockerfile ARG, a command substitution), under a placeholder name.
  const spelled = new Map<string, string>();
  const quoteVar = (w: string) => (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(w) ? `"${w}"` : w);
  const values: string[] = [];
  for (const [i, t] of cmd.args.entries()) {
    if (t.kind === 'unresolved') {
      if (t.offset < 0) return null; // not in the text: nothing to keep it by
      const key = `\u0000${i}`;
      spelled.set(key, quoteVar(t.text));
      values.push(key);
      continue;
    }
    values.push(t.value.text);
    if (t.source?.includes('$')) spelled.set(t.value.text, quoteVar(t.source));
  }
  // Split short clusters (-aG, -mr) into single options, so values follow their option.
  const a = values.flatMap((w) => (/^-[A-Za-z]{2,}$/.test(w) ? [...w.slice(1)].map((c) => `-${c}`) : [w]));
  const q = (v: string) => spelled.get(v) ?? sq(v);
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  const pos: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    if (USERADD_VALUE.has(t)) opts.set(t, a[++i] ?? '');
    else if (t.startsWith('-')) flags.add(t);
    else pos.push(t);
  }
  switch (cmd.name) {
    case 'useradd': {
      const user = pos[0];
      if (!user) return null;
      const parts = ['adduser', '-D'];
      const shell = opts.get('-s') ?? opts.get('--shell');
      if (shell) parts.push('-s', q(shell));
      const home = opts.get('-d') ?? opts.get('--home') ?? opts.get('--home-dir');
      if (home) parts.push('-h', q(home));
      if (!flags.has('-m') && !flags.has('--create-home') && !home) parts.push('-H');
      const uid = opts.get('-u') ?? opts.get('--uid');
      if (uid) parts.push('-u', q(uid));
      if (flags.has('-r') || flags.has('--system')) parts.push('-S');
      const gecos = opts.get('-c') ?? opts.get('--comment');
      if (gecos) parts.push('-g', q(gecos));
      const primary = opts.get('-g') ?? opts.get('--gid');
      // BusyBox adduser -G takes a group name; useradd -g a name or a number: look a number up.
      if (primary && !spelled.has(primary) && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(primary)) parts.push('-G', q(primary));
      else if (primary) parts.push('-G', `"$(awk -F: -v g=${q(primary)} '$3 == g || $1 == g { print $1; exit }' /etc/group)"`);
      const lines = [`${parts.join(' ')} ${q(user)}`];
      for (const g of (opts.get('-G') ?? opts.get('--groups') ?? '').split(',').filter(Boolean)) {
        const j = joinGroup(user, g, q, note, k);
        if (j) lines.push(j);
      }
      return lines.join(' && ');
    }
    case 'groupadd': {
      const group = pos[0];
      if (!group) return null;
      const parts = ['addgroup'];
      const gid = opts.get('-g') ?? opts.get('--gid');
      if (gid) parts.push('-g', q(gid));
      if (flags.has('-r') || flags.has('--system')) parts.push('-S');
      if (flags.has('-o') || flags.has('--non-unique')) note('groupadd -o: BusyBox addgroup has no non-unique GID; the GID must be free');
      return `${parts.join(' ')} ${q(group)}`;
    }
    case 'usermod': {
      const user = pos[0];
      const groups = (opts.get('-G') ?? opts.get('--groups') ?? '').split(',').filter(Boolean);
      if (!user || !groups.length || !(flags.has('-a') || flags.has('--append')) || opts.size > 1) return null;
      const joins = groups.map((g) => joinGroup(user, g, q, note, k)).filter((j): j is string => j !== null);
      return joins.length ? joins.join(' && ') : ':';
    }
    case 'userdel': {
      const user = pos[0];
      if (!user || pos.length > 1) return null;
      return `deluser ${flags.has('-r') || flags.has('--remove') ? '--remove-home ' : ''}${q(user)}`;
    }
    case 'groupdel': {
      // -f (force) is no value here, as it is for useradd: the name may have been read as one.
      const group = pos[0] ?? opts.get('-f');
      if (opts.size > (opts.has('-f') && !pos[0] ? 1 : 0)) return null;
      return group && pos.length <= 1 ? `delgroup ${q(group)}` : null;
    }
    case 'adduser': {
      // Debian's `adduser USER GROUP` adds an existing user to a group.
      if (pos.length === 2 && flags.size === 0 && opts.size === 0) return joinGroup(pos[0]!, pos[1]!, q, note, k) ?? ':';
      return null;
    }
  }
  return null;
}

/**
 * `checkinstall [options] CMD...` -> CMD run with DESTDIR set to a tree beside it, packed as
 * STEM.tar.gz where checkinstall would leave its .deb, and unpacked at / unless --install=no.
 */
function checkinstallForm(cmd: Command, stem: string): string | null {
  const at = cmd.args.findIndex((t) => !(t.kind === 'word' && t.value.text.startsWith('-')));
  const install = at < 0 ? [] : cmd.args.slice(at).map(written);
  if (!install.length || install.includes(null)) return null;
  const tree = `"$PWD/${stem}-destdir"`;
  const installs = !words(cmd.args).some((w) => /^--install=(no|n)$/i.test(w));
  return [`DESTDIR=${tree} ${install.join(' ')}`, `tar -czf ${stem}.tar.gz -C ${tree} .`, ...(installs ? [`tar -xzf ${stem}.tar.gz -C /`] : [])].join(' && ');
}

/** `dpkg-deb --build DIR OUT.deb` -> the tree DIR without its DEBIAN/ control files, as OUT.tar.gz. */
function dpkgDebForm(cmd: Command, stem: string): string | null {
  const at = cmd.args.findIndex((t) => t.kind === 'word' && (t.value.text === '-b' || t.value.text === '--build'));
  const paths = cmd.args.slice(at + 1).filter((t) => !(t.kind === 'word' && t.value.text.startsWith('-'))).map(written);
  if (paths.length !== 2 || paths.includes(null)) return null;
  return `tar -czf ${renameBuiltDebs(paths[1]!, [stem])} --exclude=./DEBIAN -C ${paths[0]} .`;
}

/** The limits.conf line an `echo LINE >> limits.conf` appends, as rc_ulimit words, or null. */
function limitsLine(written: string): UlimitLine | null {
  const m = /^echo\s+(?:"([^"$`\\]*)"|'([^']*)'|([^\s"'$`>][^"'$`>]*?))\s*>>/.exec(written.trim());
  const line = m ? (m[1] ?? m[2] ?? m[3]!) : null;
  return line ? pamLimitAsUlimit(line) : null;
}

export function translateShell(text: string, ctx: TranslateContext): Translation {
  const edits: Edit[] = [];
  const notes: Translation['notes'] = [];
  const apkPackages: string[] = [];
  let inlinedVariables = false;
  // Indexed once: counting newlines up to each word was quadratic (30 s on a 1 MB install list).
  const lineOf = lineIndex(text);
  /**
   * A TODO line above the command. `disable`: the command has no Alpine form and would fail there,
   * so it is replaced by `:` (keeping an && chain's status) and quoted on the TODO line, never run.
   */
  const todo = (cmd: Command, message: string, disable = false) => {
    if (!cmd.span) return;
    const start = lineStartOf(text, cmd.span.start);
    const said = disable ? disabledMessage(message, text.slice(cmd.span.start, cmd.span.end)) : message;
    if (ctx.todos !== 'notes') edits.push({ start, end: start, text: `${indentOf(text, cmd.span.start)}# TODO(migrate): ${said}\n` });
    // `:` keeps the variables the command used referenced (a loop variable would be unused, SC2034).
    const used = disable ? [...new Set([...text.slice(cmd.span.start, cmd.span.end).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))] : [];
    if (disable) edits.push({ start: cmd.span.start, end: cmd.span.end, text: [':', ...used.map((v) => `"$${v}"`)].join(' ') });
    notes.push({ line: lineOf(cmd.span.start), action: 'todo', message: said });
  };
  const replace = (cmd: Command, replacement: string, message: string, action: 'replaced' | 'dropped' = 'replaced') => {
    if (!cmd.span) return;
    // `sudo systemctl start x` -> `sudo rc-service x start`: each command of the rewrite keeps the
    // wrapper; a `:` placeholder needs none (sudo cannot run a shell builtin).
    const prefix = wrapperPrefix(text.slice(cmd.span.start, cmd.span.end), cmd.name);
    // A `{ ...; }` group (a group created before a user joins it) takes the wrapper inside.
    if (prefix) replacement = replacement.split(' && ').map((part) => (part.startsWith(':') ? part : part.startsWith('{ ') ? `{ ${prefix}${part.slice(2)}` : prefix + part)).join(' && ');
    edits.push({ start: cmd.span.start, end: cmd.span.end, text: replacement });
    notes.push({ line: lineOf(cmd.span.start), action, message });
  };

  const replaceSpan = (span: { start: number; end: number }, replacement: string, message: string, action: 'replaced' | 'dropped' = 'replaced') => {
    edits.push({ start: span.start, end: span.end, text: replacement });
    notes.push({ line: lineOf(span.start), action, message });
  };
  /** A row of mappings/debian-commands.tsv applied: its Alpine command, nothing, or a TODO. */
  const applyRow = (cmd: Command, row: DebianCommand, verb: string | undefined) => {
    const label = verb && row.args?.test(verb) ? `${cmd.name} ${verb}` : cmd.name;
    if (row.generate === 'replace' && row.alpine) return replace(cmd, row.alpine, `${label} -> ${row.alpine}`);
    if (row.generate === 'drop') return replace(cmd, ':', `${label}: ${row.why}`, 'dropped');
    return todo(cmd, `${label}: ${row.why}; on Alpine: ${row.alpine ?? 'nothing does this'}`, true);
  };
  const todoAt = (offset: number, message: string) => {
    const start = lineStartOf(text, offset);
    if (ctx.todos !== 'notes') edits.push({ start, end: start, text: `${indentOf(text, offset)}# TODO(migrate): ${message}\n` });
    notes.push({ line: lineOf(offset), action: 'todo', message });
  };
  // The Ubuntu root filesystem a build script downloads becomes Alpine's minirootfs of the same
  // architecture, by rewriting the variables that name it, so the script's own download and
  // checksum logic (and the --build-arg passing the file on) carry over unchanged.
  const tarball = UBUNTU_BASE_TARBALL.exec(text)?.[0];
  const rootfs: Minirootfs | null = tarball ? minirootfs(ctx.release ?? DEFAULT_RELEASE, ctx.arch ?? alpineArchOfTarball(tarball) ?? 'x86_64') : null;
  let rootfsRewritten = false;
  /** Top-level assignments by name: how often, the last span and resolved value. */
  const assignments = new Map<string, { count: number; span: { start: number; end: number }; value: string | null }>();
  const rewrittenVars = new Set<string>();
  let checksumPinned = false;

  // The script's one model (src/scan/common/shell-model.ts), the one the scan reads: each command
  // comes with what it installs, so this rewriter interprets nothing on its own.
  const visitor = {
      dynamicScript: (span: { start: number; end: number } | null) => {
        if (!span) return;
        const installer = ctx.knowledge.installers.find((i) => i.match.test(text.slice(span.start, span.end)));
        if (installer) replaceSpan(span, ':', `${installer.name} installer dropped: ${installer.reason}`, 'dropped');
      },
      assignment: (name: string, value: string | null, span: { start: number; end: number }) => {
        assignments.set(name, { count: (assignments.get(name)?.count ?? 0) + 1, span, value });
        if (!rootfs || value === null) return;
        const quote = (v: string) => `"${v}"`;
        if (UBUNTU_BASE_TARBALL.test(value)) {
          if (!rootfs.file) return todoAt(span.start, `Alpine ${rootfs.release} is not in mappings/alpine-minirootfs.tsv: set ${name} to its alpine-minirootfs-<version>-${rootfs.arch}.tar.gz from ${rootfs.directory}`);
          rootfsRewritten = true;
          const file = value.includes('/') ? rootfs.directory + rootfs.file : rootfs.file;
          return replaceSpan(span, quote(file), `${name}: ubuntu-base tarball -> ${rootfs.file}`);
        }
        if (UBUNTU_BASE_DIRECTORY.test(value)) {
          const directory = value.endsWith('/') ? rootfs.directory : rootfs.directory.slice(0, -1); // "$URL/$FILE" keeps one slash
          return replaceSpan(span, quote(directory), `${name}: Ubuntu Base download directory -> ${directory}`);
        }
        const hex = /^[0-9a-f]{64}$|^[0-9a-f]{128}$/.exec(value)?.[0];
        if (hex && CHECKSUM_NAME.test(name)) {
          const pinned = hex.length === 64 ? rootfs.sha256 : rootfs.sha512;
          if (!pinned) return todoAt(span.start, `${name} is the Ubuntu Base checksum: set the one from ${rootfs.directory} (.sha${hex.length === 64 ? 256 : 512} beside the tarball)`);
          checksumPinned = true;
          return replaceSpan(span, quote(pinned), `${name}: checksum of ${rootfs.file} (mappings/alpine-minirootfs.tsv)`);
        }
      },
      redirect: (target: string, append: boolean, line: number, span: { start: number; end: number } | null) => {
        const why = debianOnlyPath(target, ctx.knowledge.debianisms);
        if (!why || !span) return;
        const limit = append && /^\/etc\/security\/limits\.(conf|d\/[^/]+\.conf)$/.test(target) ? limitsLine(text.slice(span.start, span.end)) : null;
        if (limit) {
          // OpenRC reads rc_ulimit from /etc/rc.conf for every service; each line adds its flag.
          const scope = limit.domain === '*' ? 'every user' : `${limit.domain} only`;
          edits.push({ start: span.start, end: span.end, text: `echo "rc_ulimit=\\"\\\${rc_ulimit:+\\$rc_ulimit }${limit.ulimit}\\"" >> /etc/rc.conf` });
          notes.push({ line, action: 'replaced', message: `${target}: ${limit.domain} ${limit.item} -> rc_ulimit ${limit.ulimit} in /etc/rc.conf (Alpine has no PAM; OpenRC applies it to every service it starts, where PAM applied it to ${scope}'s sessions)` });
          return;
        }
        // The file (or its directory) is not there on Alpine: the write would fail or mean nothing.
        const message = disabledMessage(`${target}: ${why}`, text.slice(span.start, span.end));
        if (ctx.todos !== 'notes') {
          const start = lineStartOf(text, span.start);
          edits.push({ start, end: start, text: `${indentOf(text, span.start)}# TODO(migrate): ${message}\n` });
        }
        edits.push({ start: span.start, end: span.end, text: ':' });
        notes.push({ line, action: 'todo', message });
      },
      command: (cmd: Command, meaning: CommandMeaning) => {
        if (!cmd.span) return;
        const a = words(cmd.args);
        const debianPath = a.find((w) => debianOnlyPath(w, ctx.knowledge.debianisms) !== null);
        if (debianPath && cmd.name === 'rm' && !a.some((w) => /^-[a-zA-Z]*f/.test(w) || w === '--force')) {
          // Removing what may be absent on Alpine: rm -f, so the build goes on either way.
          const written = text.slice(cmd.span.start, cmd.span.end);
          const at = /(^|\s|\/)rm(?=\s)/.exec(written);
          if (at) return replace(cmd, `${written.slice(0, at.index + at[0].length)} -f${written.slice(at.index + at[0].length)}`.slice(wrapperPrefix(written, 'rm').length), `rm -f: ${debianPath} may be absent on Alpine (${debianOnlyPath(debianPath, ctx.knowledge.debianisms)})`);
        }
        if (debianPath && PATH_READERS.has(cmd.name)) return todo(cmd, `${debianPath}: ${debianOnlyPath(debianPath, ctx.knowledge.debianisms)}`, true);
        const spec = ctx.knowledge.packageCommands[cmd.name];
        if (spec && spec.verbs) {
          const valued = new Set([...spec.optionsWithValue, ...spec.shortOptionsWithValue.map((c) => `-${c}`)]);
          const verb = a.find((w, i) => !w.startsWith('-') && !(i > 0 && valued.has(a[i - 1]!)));
          const row = debianCommand(cmd.name, a, ctx.knowledge.debianisms);
          if (row) return applyRow(cmd, row, verb);
          if (spec.verbs[verb ?? ''] !== 'install') return todo(cmd, `${cmd.name} ${verb ?? ''} has no apk form here`, true);
          const pkgs: { name: string; arch: string | null }[] = [];
          const localPaths: string[] = [];
          let local = false;
          let unresolved = false;
          for (const p of meaning.packages) {
            if (p.source === 'local-deb') localPaths.push(p.path ?? p.name);
            else pkgs.push({ name: p.name, arch: p.arch });
          }
          if (meaning.findings.some((f) => f.rule.id === 'shell/unresolved-package-list')) unresolved = true;
          // A .deb this build made itself is a tarball of its install tree on Alpine: unpacked at /.
          const built = localPaths.length > 0 && localPaths.every((p) => isBuiltDeb(p, ctx.builtDebs ?? []));
          local = localPaths.length > 0 && !built;
          if (local) return todo(cmd, `${cmd.name} installs local .deb files: repackage each with migrate apkbuild, then apk add --allow-untrusted the .apk (or sign it with abuild-sign)`, true);
          if (unresolved) return todo(cmd, `${cmd.name} installs packages only known at run time: no apk form; see migrate scan`, true);
          const keep: string[] = [];
          const left: string[] = [];
          const mapInto = (into: string[], p: { name: string; arch: string | null }) => {
            const ans = ctx.map.lookup(p.name, p.arch);
            if (ans.status === 'multiarch') left.push(`${p.name}:${p.arch} (another architecture)`);
            else if (ans.kind === 'dropped') return;
            else if (ans.kind === 'none' || ans.kind === 'unknown' || ans.confidence === 'low') left.push(`${p.name} (${ans.kind === 'none' ? 'no Alpine equivalent' : 'no confident Alpine name'})`);
            else for (const n of ans.alpine) if (!into.includes(n) && n !== 'musl') into.push(n);
          };
          // A package list kept in a variable (PKGS="a b"; apt-get install $PKGS) stays one: the
          // assignment gets the Alpine names and the command keeps $PKGS. Only for variables
          // assigned once, to plain names all installed here; anything else is spelled out inline.
          const indent = indentOf(text, cmd.span.start);
          const written = text.slice(cmd.span.start, cmd.span.end);
          const refs = [...written.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]!);
          const listVars = refs.filter((v) => {
            const as = assignments.get(v);
            const names = as?.value?.trim().split(/\s+/) ?? [];
            return as?.count === 1 && names.length > 0 && names.every((n) => /^[a-z0-9][a-z0-9+.-]*$/.test(n) && pkgs.some((p) => p.name === n && p.arch === null));
          });
          const fromVars = new Set(listVars.flatMap((v) => assignments.get(v)!.value!.trim().split(/\s+/)));
          // Not in a Dockerfile RUN, where no comment can go (the shellcheck directive below).
          const keepsVars = ctx.todos !== 'notes' && listVars.length > 0 && new Set(listVars).size === new Set(refs).size;
          for (const p of pkgs) if (!keepsVars || !fromVars.has(p.name) || p.arch !== null) mapInto(keep, p);
          if (keepsVars) {
            for (const v of new Set(listVars)) {
              const as = assignments.get(v)!;
              const names: string[] = [];
              for (const n of as.value!.trim().split(/\s+/)) mapInto(names, { name: n, arch: null });
              append(apkPackages, names);
              if (!rewrittenVars.has(v)) replaceSpan(as.span, `"${names.join(' ')}"`, `${v}: Debian package names -> Alpine (${names.length})`);
              rewrittenVars.add(v);
            }
            append(keep, [...new Set(listVars)].map((v) => `$${v}`));
            const start = lineStartOf(text, cmd.span.start);
            edits.push({ start, end: start, text: `${indent}# shellcheck disable=SC2086 # ${[...new Set(listVars)].map((v) => `$${v}`).join(', ')} ${listVars.length > 1 ? 'are lists' : 'is a list'} of package names, split on purpose\n` });
          } else if (refs.length) inlinedVariables = true;
          append(apkPackages, keep.filter((k) => !k.startsWith('$')));
          let install = keep.length === 0 ? ':' : keep.length <= 4 ? `apk add --no-cache ${keep.join(' ')}` : `apk add --no-cache \\\n${keep.map((k) => `${indent}    ${k}`).join(' \\\n')}`;
          if (left.length) todo(cmd, `left out of apk add: ${left.join(', ')}`);
          if (built) {
            const unpack = localPaths.map((p) => `tar -xzf ${sq(tarballOf(p))} -C /`);
            install = [...(keep.length ? [install] : []), ...unpack].join(' && ');
            return replace(cmd, install, `${cmd.name} install of ${localPaths.join(', ')} (built here) -> tar -xzf of its tarball at /`);
          }
          return replace(cmd, install, `${cmd.name} install of ${pkgs.length} packages -> apk add of ${keep.length}`);
        }
        switch (cmd.name) {
          case 'rm':
            if (a.some((w) => w.startsWith('/var/lib/apt/lists') || w.startsWith('/var/cache/apt'))) return replace(cmd, ':', 'apt cache cleanup: apk add --no-cache leaves none', 'dropped');
            return;
          case 'wget':
          case 'curl': {
            // A Debian package downloaded is only ever installed with dpkg/apt, disabled above:
            // the download goes too (the scan's own reading of the command says which it is).
            const deb = meaning.findings.find((f) => f.rule.id === 'shell/deb-download')?.subject ?? null;
            if (deb) return todo(cmd, `downloads the Debian package ${deb}: repackage it once with migrate apkbuild and install the .apk`, true);
            if (a.some((w) => UBUNTU_BASE_TARBALL.test(w)) && rootfs) {
              const written = text.slice(cmd.span.start, cmd.span.end);
              const url = /https?:\/\/\S*ubuntu-base-[^\s"']*\.tar(\.[a-z0-9]+)?/;
              const viaVariables = !UBUNTU_BASE_TARBALL.test(written) && rootfsRewritten;
              if ((viaVariables || url.test(written)) && rootfs.file && rootfs.sha256) {
                // The script's own check was rewritten to the new checksum: nothing to add.
                if (viaVariables && checksumPinned) return;
                const bare = written.slice(wrapperPrefix(written, cmd.name).length).replace(url, rootfs.directory + rootfs.file);
                const output = (cmd.name === 'curl' ? /(?:^|\s)(?:-o|--output)(?:\s+|=)("[^"]*"|'[^']*'|\S+)/ : /(?:^|\s)(?:-O|--output-document)(?:\s+|=)("[^"]*"|'[^']*'|\S+)/).exec(bare)?.[1] ?? sq(rootfs.file);
                if (output === '-') return todo(cmd, `check the minirootfs against sha256 ${rootfs.sha256}`);
                // Without a check of its own, the download gets one: sha256sum is in coreutils and BusyBox.
                return replace(cmd, `${bare} && printf '%s  %s\\n' ${rootfs.sha256} ${output} | sha256sum -c -`, `Ubuntu Base download -> ${rootfs.file}, checked against its SHA-256 (mappings/alpine-minirootfs.tsv)`);
              }
              return todo(cmd, `download ${rootfs.file ?? `alpine-minirootfs-<version>-${rootfs.arch}.tar.gz`} from ${rootfs.directory} instead, and check it against ${rootfs.sha256 ? `sha256 ${rootfs.sha256}` : 'its .sha256 file'}`);
            }
            return;
          }
          case 'checkinstall':
          case 'dpkg-deb': {
            const stem = debBuiltBy(cmd.name, positional(cmd.args));
            if (!stem || !ctx.builtDebs?.includes(stem)) return todo(cmd, `${cmd.name}: Alpine has no dpkg; build a plain tarball of the install tree (tar -czf) or an .apk (migrate apkbuild)`, true);
            const form = cmd.name === 'checkinstall' ? checkinstallForm(cmd, stem) : dpkgDebForm(cmd, stem);
            if (!form) return todo(cmd, `${cmd.name}: its arguments are only known at run time; build a plain tarball of the install tree (tar -czf) instead`, true);
            return replace(cmd, form, `${cmd.name} -> tarball ${stem}.tar.gz (Alpine has no dpkg; the plan's plain tarballs)`);
          }
          case 'dpkg':
            if (a.includes('--add-architecture')) return replace(cmd, ':', 'dpkg --add-architecture: apk has no multiarch', 'dropped');
            return todo(cmd, 'dpkg has no apk form: repackage the .deb (migrate apkbuild)', true);
          case 'add-apt-repository':
          case 'apt-add-repository':
            return todo(cmd, `${cmd.name}: add an Alpine repository to /etc/apk/repositories instead, if one has these packages`, true);
          case 'debconf-set-selections':
            return replace(cmd, ':', 'debconf-set-selections: Alpine has no debconf', 'dropped');
          case 'locale-gen':
            return replace(cmd, ':', 'locale-gen: musl has no compiled locales (apk add musl-locales for translations)', 'dropped');
          case 'update-locale': {
            const lang = a.find((w) => w.startsWith('LANG='));
            if (!lang) return todo(cmd, 'update-locale without LANG=: set it in /etc/profile.d/locale.sh', true);
            return replace(cmd, `echo ${sq(`export ${lang}`)} > /etc/profile.d/locale.sh`, 'update-locale -> /etc/profile.d/locale.sh');
          }
          case 'ln':
            // Debian images point /bin/sh at bash; on Alpine it stays BusyBox, which every Alpine
            // script and OpenRC expect. Scripts that need bash say so in their #! line.
            if (a.at(-1) === '/bin/sh' && a.some((w) => /(^|\/)bash$/.test(w))) return replace(cmd, ':', 'ln -sf bash /bin/sh dropped: /bin/sh stays BusyBox on Alpine', 'dropped');
            return;
          case 'update-alternatives':
            return todo(cmd, 'update-alternatives: Alpine has no alternatives system; create the symlink with ln -sf', true);
          case 'useradd':
          case 'groupadd':
          case 'usermod':
          case 'userdel':
          case 'groupdel':
          case 'adduser': {
            const groupNotes: string[] = [];
            const r = userCommand(cmd, ctx.knowledge.debianisms, (m) => groupNotes.push(m));
            for (const m of groupNotes) notes.push({ line: lineOf(cmd.span.start), action: 'replaced', message: m });
            const used = text.slice(cmd.span.start, cmd.span.end).match(/\$\{?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
            if (r && used.some((v) => !r.includes(v))) inlinedVariables = true;
            if (r) return replace(cmd, r, `${cmd.name} -> BusyBox adduser/addgroup`);
            if (cmd.name !== 'adduser') return todo(cmd, `${cmd.name}: rewrite with BusyBox adduser/addgroup (or apk add shadow)`, true);
            return;
          }
          case 'systemctl': {
            const verb = a.find((w) => !w.startsWith('-'));
            const units = a.filter((w) => !w.startsWith('-')).slice(1);
            const quiet = a.includes('--quiet') || a.includes('-q');
            if (verb === 'daemon-reload') return replace(cmd, ':', 'systemctl daemon-reload: OpenRC reads its scripts at each start', 'dropped');
            const knowledge = ctx.knowledge.systemd;
            if (!verb || !units.length || !knowledge.systemctl.has(verb) || (verb === 'is-active' && (!quiet || units.length > 1))) return todo(cmd, `systemctl ${verb ?? ''}: use rc-service or rc-update`, true);
            const lines: string[] = [];
            const skipped: string[] = [];
            for (const u of units) {
              const full = /\.[a-z]+$/.test(u) ? u : `${u}.service`;
              const shipped = ctx.shippedUnits.has(full) || ctx.shippedUnits.has(full.replace(/@[^.]+\./, '@.'));
              const r = systemctlOpenrc(verb, full, { knowledge, shipped, runlevelOf: (name) => ctx.runlevels?.get(name) ?? null });
              if (r.kind !== 'commands') skipped.push(`${full}: ${r.reason}`);
              else {
                append(lines, r.commands);
                if (r.note) notes.push({ line: lineOf(cmd.span.start), action: 'replaced', message: `systemctl ${verb} ${full}: ${r.note}` });
              }
            }
            // Comments never go inline (they would swallow the rest of an && chain or an if): the
            // reason goes on a TODO line, and a placeholder keeps the command's exit status sensible.
            // Turning off a unit Alpine does not ship needs nothing; turning one on needs a person.
            const off = verb === 'disable' || verb === 'mask' || verb === 'stop';
            if (skipped.length && off) notes.push({ line: lineOf(cmd.span.start), action: 'dropped', message: `systemctl ${verb}: nothing to do on Alpine: ${skipped.join('; ')}` });
            else if (skipped.length) todo(cmd, `systemctl ${verb}: ${skipped.join('; ')}`);
            if (!lines.length) lines.push(verb === 'is-active' ? 'false' : ':');
            return replace(cmd, lines.join(' && '), `systemctl ${verb} -> ${verb === 'enable' || verb === 'disable' || verb === 'mask' ? 'rc-update' : 'rc-service'}`);
          }
          default: {
            // Debian and systemd tools (mappings/debian-commands.tsv): what its generate column says.
            const row = debianCommand(cmd.name, a, ctx.knowledge.debianisms);
            if (row) return applyRow(cmd, row, a.find((w) => !w.startsWith('-')));
          }
        }
      },
  };
  for (const e of shellModel(text, { knowledge: ctx.knowledge, lineAt: lineOf })) {
    if (e.kind === 'command') visitor.command(e.cmd, e.meaning);
    else if (e.kind === 'assignment') visitor.assignment(e.name, e.value, e.span);
    else if (e.kind === 'redirect') visitor.redirect(e.target, e.append, e.line, e.span);
    else if (e.kind === 'dynamic-script') visitor.dynamicScript(e.span);
  }
  // Outermost edits win; an edit inside another (a command in a substitution) is dropped. A TODO
  // line inserted where a replacement starts sorts first, so it lands before the replacement.
  edits.sort((x, y) => x.start - y.start || (x.end === x.start ? -1 : 0) - (y.end === y.start ? -1 : 0) || y.end - x.end);
  const kept: Edit[] = [];
  let reach = -1;
  for (const e of edits) {
    if (e.end > e.start && e.start < reach) continue;
    kept.push(e);
    if (e.end > e.start) reach = Math.max(reach, e.end);
  }
  let out = text;
  for (const e of kept.reverse()) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  // The target's multiarch directory (--libdir=/usr/lib/aarch64-linux-gnu) is not where musl looks:
  // /usr/lib. Comment lines keep the original; another architecture's directory is left as written.
  out = out.split('\n').map((l) => {
    if (/^\s*#/.test(l)) return l;
    const r = rewriteMultiarch(l, ctx.arch);
    if (r.text !== l) notes.push({ line: 0, action: 'replaced', message: 'Debian multiarch library path -> /usr/lib or /lib' });
    return r.text;
  }).join('\n');
  return { text: out, inlinedVariables, notes: notes.sort((x, y) => x.line - y.line), apkPackages: [...new Set(apkPackages)] };
}

export type { Str };
