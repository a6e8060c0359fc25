/**
 * The Debian-isms of one command, one word or one line of text, judged against the tables of
 * src/knowledge/debianisms.ts: Debian-only commands, paths Alpine lacks, multiarch directories,
 * commands named by a path Alpine keeps elsewhere, groups Alpine's base layout does not have.
 * Shell, units, configuration files and other languages' string literals all come through here,
 * so one path or command is judged the same wherever it is written.
 */
import type { Debianisms } from '../../knowledge/debianisms.js';
import { debianPathRow } from '../../knowledge/debian-paths.js';
import { alpineGroup } from '../../knowledge/groups.js';
import type { Confidence } from '../result.js';
import type { RuleMeta } from '../types.js';
import type { Command } from './shell-commands.js';
import { DEBIANISM_RULES, commandPath, debFile, debianGroup, debianUser, multiarchPath } from './shell-rules.js';

/** Commands whose .deb arguments their own rules report (installs, downloads, builds). */
const DEB_HANDLERS = new Set(['dpkg', 'apt-get', 'apt', 'apt-fast', 'aptitude', 'gdebi', 'wget', 'curl', 'dpkg-deb', 'checkinstall']);

export interface DebianismHit {
  rule: RuleMeta;
  line: number;
  message: string;
  subject: string;
  severity?: RuleMeta['severity'];
  confidence?: Confidence;
  data: Record<string, unknown>;
}

function ruleOf(id: string): RuleMeta {
  const r = DEBIANISM_RULES.get(id);
  if (!r) throw new Error(`mappings names the rule ${id}, which is not one of ${[...DEBIANISM_RULES.keys()].join(', ')}`);
  return r;
}

/** The row of mappings/debian-commands.tsv that `name ARGS` matches, if any. */
export function debianCommand(name: string, args: string[], k: Debianisms) {
  return k.commands.get(name)?.find((row) => !row.args || row.args.test(args.join(' '))) ?? null;
}

/** A Debian-only command (mappings/debian-commands.tsv). */
export function commandHit(name: string, args: string[], line: number, k: Debianisms): DebianismHit | null {
  const row = debianCommand(name, args, k);
  if (!row) return null;
  const verb = row.args ? args.find((a) => !a.startsWith('-')) : undefined;
  const label = verb && row.args?.test(verb) ? `${name} ${verb}` : name;
  const alpine = row.alpine ? `; on Alpine: ${row.alpine}` : '; Alpine has nothing for it';
  return { rule: ruleOf(row.rule), line, severity: row.severity, message: `${label}: ${row.why}${alpine}.`, subject: label, data: { command: name, alpine: row.alpine } };
}

/** Where a root being built starts in a longer path: the first of these directories. */
const SYSTEM_DIR = /\/(?:etc|lib|lib64|usr|var|run|snap|boot)\//;
/** A path that starts at the image's own top level, not under another root. */
const TOP_DIR = /^\/(?:etc|lib|lib64|usr|var|run|snap|boot|opt|home|root|srv|tmp|bin|sbin)\//;

/** Absolute paths in a word: the word itself, or after `=`, `:` or `-L`/`-I` (--libdir=/usr/lib/x, -L/usr/lib/x). */
const PATH_IN_WORD = /(?:^|[=:,]|^-[LI])(\/(?!\/)[A-Za-z0-9_.+@%/*-]+)/g;

/** The paths of `text` (a word, a line) Alpine does not have, as hits; `seen` keeps one per path and line. */
export function pathHits(text: string, line: number, k: Debianisms, seen = new Set<string>()): DebianismHit[] {
  const hits: DebianismHit[] = [];
  const add = (h: DebianismHit) => {
    const key = `${h.rule.id} ${h.line} ${h.subject}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push(h);
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return hits; // a URL's path is not the image's
  // A path under a root being built (`rootfs/etc/default/x`, `/mnt/rootfs/lib/systemd/...`,
  // `/data/etc/netplan`) is also tried as the part from its first system directory on: the path it
  // becomes in the image.
  const rooted = text.slice(1).search(SYSTEM_DIR) + 1;
  if (rooted > 0 && !TOP_DIR.test(text)) text = `${text}=${text.slice(rooted)}`;
  for (const m of text.matchAll(PATH_IN_WORD)) {
    const path = m[1]!.replace(/\/+$/, '') || '/';
    const tuple = /^\/(?:usr\/)?(?:lib|include|libexec)\/([a-z0-9_]+-linux-gnu[a-z]*)(?:\/|$)/.exec(path)?.[1];
    if (tuple) {
      const arch = k.multiarch.get(tuple);
      add({ rule: multiarchPath, line, message: `${path}: Debian's multiarch directory for ${arch ?? tuple}; Alpine keeps libraries in /usr/lib and /lib.`, subject: `/usr/lib/${tuple}`, data: { path, tuple, debianArch: arch ?? null } });
      continue;
    }
    const row = debianPathRow(path, k);
    if (row) {
      add({ rule: ruleOf(row.rule), line, severity: row.severity, message: `${path}: ${row.why}.`, subject: row.pattern, data: { path, pattern: row.pattern } });
      continue;
    }
    const moved = commandMoved(path, k);
    if (moved) add({ rule: commandPath, line, message: `${path}: Alpine has ${path.slice(path.lastIndexOf('/') + 1)} at ${moved}.`, subject: path, data: { path, alpine: moved } });
  }
  return hits;
}

/** Where Alpine keeps the command `path` names, when that is somewhere else (/usr/bin/sleep -> /bin/sleep). */
export function commandMoved(path: string, k: Debianisms): string | null {
  const m = /^(\/usr)?\/s?bin\/([^/]+)$/.exec(path);
  if (!m) return null;
  const alpine = k.rootfsCommands.get(m[2]!);
  return alpine && alpine !== path ? alpine : null;
}

/** Groups a command makes a user join or a file belong to (usermod -aG, useradd -G, adduser U G, chgrp, chown U:G, gpasswd -a). */
export function groupsOf(cmd: Command): { group: string; line: number }[] {
  const words = cmd.args.filter((a): a is Extract<Command['args'][number], { kind: 'word' }> => a.kind === 'word');
  const text = words.map((w) => w.value.text);
  const out: { group: string; line: number }[] = [];
  const list = (v: string | undefined, line: number) => {
    for (const g of (v ?? '').split(',')) if (/^[a-z_][a-z0-9_-]*$/.test(g)) out.push({ group: g, line });
  };
  const valueOf = (i: number) => (text[i]!.includes('=') ? text[i]!.slice(text[i]!.indexOf('=') + 1) : text[i + 1]);
  switch (cmd.name) {
    case 'usermod':
    case 'useradd':
      text.forEach((t, i) => {
        if (t === '-G' || t === '--groups' || t.startsWith('--groups=') || /^-[a-zA-Z]*G$/.test(t) || t === '-g' || t === '--gid') list(valueOf(i), words[i]!.line);
      });
      break;
    case 'adduser': {
      const pos = words.filter((w) => !w.value.text.startsWith('-'));
      if (pos.length === 2 && pos.length === words.length) list(pos[1]!.value.text, pos[1]!.line);
      text.forEach((t, i) => {
        if (t === '--ingroup' || t === '-G') list(valueOf(i), words[i]!.line);
      });
      break;
    }
    case 'gpasswd':
      text.forEach((t, i) => {
        if ((t === '-a' || t === '-d') && text[i + 2]) list(text[i + 2], words[i + 2]!.line);
      });
      break;
    case 'chgrp': {
      const g = words.find((w) => !w.value.text.startsWith('-'));
      if (g) list(g.value.text, g.line);
      break;
    }
    case 'chown': {
      const spec = words.find((w) => !w.value.text.startsWith('-'));
      const m = spec ? /^[^:.\s]*[:.]([a-z_][a-z0-9_-]*)$/.exec(spec.value.text) : null;
      if (spec && m) list(m[1], spec.line);
      break;
    }
  }
  return out;
}

/** A group Alpine does not have, with what a generated build does about it (src/knowledge/groups.ts). */
export function groupHit(group: string, line: number, k: Debianisms): DebianismHit | null {
  const g = alpineGroup(group, k);
  if (g.action === 'keep') return null;
  const what = g.action === 'map' ? `Alpine's counterpart is ${g.group}: ${g.why}` : g.action === 'drop' ? `the membership means nothing there: ${g.why}` : `create it first (addgroup -S): ${g.why}`;
  return { rule: debianGroup, line, message: `Group ${group} is not in Alpine's base layout; ${what}.`, subject: group, severity: g.action === 'drop' ? 'info' : 'warning', data: { group, action: g.action, alpine: g.action === 'map' ? g.group : null } };
}

/** A user Alpine's base layout does not have (mappings/alpine-users.tsv). */
export function userHit(user: string, line: number, k: Debianisms): DebianismHit | null {
  if (k.alpineUsers.has(user) || /^\d+$/.test(user)) return null;
  return { rule: debianUser, line, message: `User ${user} is not in Alpine's base layout; create it in the build (adduser -S -D -H ${user}) or let the package that needs it create it.`, subject: user, data: { user } };
}

/** Every Debian-ism of one shell command: the command itself, the path it is run by, its path arguments, its groups. */
export function commandDebianisms(cmd: Command, k: Debianisms): DebianismHit[] {
  const seen = new Set<string>();
  const words = cmd.args.filter((a) => a.kind === 'word').map((a) => (a.kind === 'word' ? a.value.text : ''));
  const hits: DebianismHit[] = [];
  const tool = commandHit(cmd.name, words, cmd.line, k);
  if (tool) hits.push(tool);
  if (cmd.path?.startsWith('/')) hits.push(...pathHits(cmd.path, cmd.line, k, seen));
  for (const a of cmd.args) {
    if (a.kind === 'word' && a.value.text.includes('/')) hits.push(...pathHits(a.value.text, a.line, k, seen));
    // "${ROOTFS}/var/lib/apt/lists" with ROOTFS unknown: the part after the variable is still a path.
    if (a.kind === 'unresolved') {
      const rest = /^"?\$(?:\{\w+\}|\w+)(\/[^"$`\s]*)"?$/.exec(a.text)?.[1];
      if (rest) hits.push(...pathHits(rest, a.line, k, seen));
    }
    const word = a.kind === 'word' ? a.value.text : a.text;
    if (/(^|\/)DEBIAN(\/|"?$)/.test(word) && !seen.has(`deb ${a.line}`)) {
      seen.add(`deb ${a.line}`);
      hits.push({ rule: debFile, line: a.line, message: `${cmd.name} ${word}: the DEBIAN/ control directory of a .deb being built; Alpine packages are built by abuild from an APKBUILD (or the build makes a tarball).`, subject: word, data: { command: cmd.name, file: word } });
    }
    if (/\.deb["']?$/.test(word) && !DEB_HANDLERS.has(cmd.name) && !seen.has(`deb ${a.line}`)) {
      seen.add(`deb ${a.line}`);
      hits.push({ rule: debFile, line: a.line, message: `${cmd.name} handles the Debian package ${word.replace(/^.*\//, '')}: on Alpine the build makes and installs tarballs or .apk packages instead.`, subject: word, data: { command: cmd.name, file: word } });
    }
  }
  for (const g of groupsOf(cmd)) {
    const h = groupHit(g.group, g.line, k);
    if (h && !seen.has(`g ${g.group} ${g.line}`)) {
      seen.add(`g ${g.group} ${g.line}`);
      hits.push(h);
    }
  }
  return hits;
}
