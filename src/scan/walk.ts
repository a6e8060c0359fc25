/**
 * Discovery: every regular file under the root, in sorted order, as repo-relative POSIX paths.
 * Symbolic links are never followed (so link loops cannot happen and nothing outside the root is
 * read); FIFOs, sockets and devices are skipped, since reading them could block or never end.
 */
import { readdirSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import ignore from 'ignore';

export const DEFAULT_EXCLUDES = ['.git', 'node_modules'];

export interface WalkEntry {
  /** Repo-relative POSIX path. */
  path: string;
  absolute: string;
}

export interface WalkProblem {
  path: string;
  message: string;
}

export interface WalkOptions {
  exclude: readonly string[];
}

/**
 * --exclude and [scan] exclude, read as lines of a .gitignore: `*.sh` and `firmware/` match at any
 * depth, `/build` and `docs/*.md` only from the top, a trailing `/` only directories, `!x` takes a
 * path back. The `ignore` package implements git's rules (the ones ESLint and Prettier use);
 * picomatch is a glob matcher and has none of them (it matched `*.sh` only at the top).
 */
export function excludeMatcher(patterns: readonly string[]): (path: string, isDir: boolean) => boolean {
  if (patterns.length === 0) return () => false;
  const ig = ignore({ allowRelativePaths: true }).add([...patterns]);
  return (path, isDir) => ig.ignores(isDir ? `${path}/` : path);
}

export function walk(root: string, opts: WalkOptions, problems: WalkProblem[]): WalkEntry[] {
  const skip = new Set(DEFAULT_EXCLUDES);
  const excluded = excludeMatcher(opts.exclude);
  const out: WalkEntry[] = [];
  const stack: string[] = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel ? join(root, rel) : root, { withFileTypes: true });
    } catch (err) {
      problems.push({ path: rel || '.', message: (err as NodeJS.ErrnoException).code ?? String(err) });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const dirs: string[] = [];
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (excluded(path, e.isDirectory())) continue;
      if (e.isDirectory()) {
        if (!skip.has(e.name)) dirs.push(path);
      } else if (e.isFile()) {
        out.push({ path, absolute: join(root, path) });
      }
    }
    // Depth-first in name order: push in reverse so the smallest name is visited first.
    for (const d of dirs) stack.push(d);
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
