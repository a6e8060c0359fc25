/**
 * Paths a Debian or Ubuntu image has and an Alpine one does not (mappings/debian-only-paths.tsv,
 * loaded with the other Debian-isms), with why and what Alpine has instead.
 */
import type { Debianisms, DebianPath } from './debianisms.js';

/** The row of debian-only-paths.tsv an absolute `path` matches, or null when Alpine may have it too. */
export function debianPathRow(path: string, k: Debianisms): DebianPath | null {
  if (!path.startsWith('/')) return null;
  const normal = path.replace(/\/+$/, '') || '/';
  return k.paths.find((p) => p.match(normal)) ?? null;
}

/** Why `path` is Debian's only, or null when Alpine may have it too. */
export function debianOnlyPath(path: string, k: Debianisms): string | null {
  return debianPathRow(path, k)?.why ?? null;
}
