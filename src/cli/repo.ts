/**
 * The repository a command works on: the directory check every command makes, and the user's
 * `.migrate.ini` (sibling names, the parallel tree), read once the same way for every command.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ini from 'ini';
import { endOfLife, releaseProblem } from '../knowledge/alpine-releases.js';
import { UsageError, type CliIo } from './io.js';

export const CONFIG_FILE = '.migrate.ini';

/** DIR must be given and be a directory; `example` completes "e.g. ..." in the message. */
export function requireRepoDir(dir: string | undefined, example: string): asserts dir is string {
  if (!dir) throw new UsageError(`missing DIR: give the repository, e.g. ${example}`);
  try {
    if (!statSync(dir).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`${dir}: no such directory. Give the repository's top directory.`);
  }
}

export interface RepoConfig {
  /** [siblings]: original = sibling, both repo-relative. */
  siblings: Map<string, string>;
  /** [layout] parallel: where siblings go that would land in what the Ubuntu build takes whole. */
  parallel: string | null;
}

/** DIR/.migrate.ini, checked whole: a bad value is a usage error naming it. */
export function readRepoConfig(dir: string): RepoConfig {
  const path = join(dir, CONFIG_FILE);
  if (!existsSync(path)) return { siblings: new Map(), parallel: null };
  let parsed: Record<string, unknown>;
  try {
    parsed = ini.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
  const section = (parsed.siblings ?? {}) as Record<string, unknown>;
  const out = new Map(Object.entries(section).map(([k, v]) => [k, String(v)]));
  // A sibling lands inside the repository, apart from every original and every other sibling.
  const seen = new Map<string, string>();
  for (const [original, sibling] of out) {
    const bad = sibling === '' || sibling.startsWith('/') || sibling.split('/').includes('..') ? 'must be a path inside the repository'
      : out.has(sibling) ? 'is itself an original named in [siblings]'
      : seen.has(sibling) ? `is also the sibling of ${seen.get(sibling)}` : null;
    if (bad) throw new UsageError(`${path}: [siblings] ${original} = ${sibling}: the sibling ${bad}; pick another name`);
    seen.set(sibling, original);
  }
  const parallel = (parsed.layout as Record<string, unknown> | undefined)?.parallel;
  if (parallel !== undefined && (typeof parallel !== 'string' || !/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(parallel) || parallel.split('/').includes('..'))) {
    throw new UsageError(`${path}: [layout] parallel = ${String(parallel)}: give a directory inside the repository, e.g. alpine`);
  }
  return { siblings: out, parallel: typeof parallel === 'string' ? parallel : null };
}

/**
 * --release must name a release the tables know (or edge). One the user asked for that is past its
 * end of support is said on stderr; the default's end is stated in every report instead.
 */
export function checkRelease(value: string, io: CliIo, given: boolean, now = new Date()): void {
  const problem = releaseProblem(value);
  if (problem) throw new UsageError(problem);
  const eol = given ? endOfLife(value, now) : null;
  if (eol) io.stderr(`migrate: warning: ${eol}\n`);
}
