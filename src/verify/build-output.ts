/**
 * Paths the repository marks as the build's own output: ignored by its top-level .gitignore
 * (`output/`, `build/`). A COPY of one from the build context fails in verify because another
 * part of the build (a kernel build script run before `docker build`) makes it; verify runs the
 * Dockerfiles only, so it reports such a step unverified instead of failed. git's rules, read
 * here: a pattern without a slash matches a name at any depth, one with a slash is anchored, a
 * trailing slash matches directories only, `!` re-includes, and the last match wins.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';

interface Rule {
  line: number;
  text: string;
  negate: boolean;
  dirOnly: boolean;
  match: (path: string) => boolean;
}

export function readGitignore(text: string): Rule[] {
  const rules: Rule[] = [];
  text.split('\n').forEach((raw, i) => {
    const t = raw.replace(/\r$/, '').replace(/(?<!\\)\s+$/, '');
    if (!t || t.startsWith('#')) return;
    const negate = t.startsWith('!');
    let p = negate ? t.slice(1) : t;
    const dirOnly = p.endsWith('/');
    p = p.replace(/\/+$/, '');
    const anchored = p.includes('/');
    p = p.replace(/^\//, '');
    const glob = picomatch(anchored ? p : `**/${p}`, { dot: true });
    rules.push({ line: i + 1, text: t, negate, dirOnly, match: glob });
  });
  return rules;
}

/** The reason `path` (repo-relative, POSIX) is the build's output, or null when the repository does not say so. */
export function buildOutputOf(rules: Rule[], path: string): string | null {
  const parts = path.split('/').filter((x) => x && x !== '.');
  // A directory that is ignored takes everything under it; git never looks inside it again.
  for (let n = 1; n <= parts.length; n++) {
    const prefix = parts.slice(0, n).join('/');
    const isDir = n < parts.length;
    let hit: Rule | null = null;
    for (const r of rules) if ((!r.dirOnly || isDir) && r.match(prefix)) hit = r.negate ? null : r;
    if (hit) return `${path} is the build's own output (.gitignore:${hit.line} ${hit.text}), made by another part of the build; verify runs the Dockerfiles only`;
  }
  return null;
}

/** At most this much of a .gitignore is read: a larger one is no list of patterns. */
const MAX_GITIGNORE = 1024 * 1024;

export function buildOutputReader(context: string): (path: string) => string | null {
  const file = join(context, '.gitignore');
  let rules: Rule[] = [];
  // A regular file only: never through a link (out of the repository), a directory or a huge file.
  const st = existsSync(file) ? lstatSync(file) : null;
  if (st?.isFile() && st.size <= MAX_GITIGNORE) rules = readGitignore(readFileSync(file, 'utf8'));
  return (path) => buildOutputOf(rules, path);
}
