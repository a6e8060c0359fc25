/**
 * Paths a Debian or Ubuntu image has and an Alpine one does not (mappings/debian-only-paths.tsv),
 * with why and what Alpine has instead.
 */
import picomatch from 'picomatch';
import { mappingRows } from './tsv.js';

let table: { match: (p: string) => boolean; why: string }[] | null = null;

/** Why `path` is Debian's only, or null when Alpine may have it too. */
export function debianOnlyPath(path: string): string | null {
  table ??= mappingRows('debian-only-paths.tsv').map(([pattern, why]) => ({ match: picomatch(pattern!, { dot: true }), why: why! }));
  if (!path.startsWith('/')) return null;
  const normal = path.replace(/\/+$/, '') || '/';
  return table.find((t) => t.match(normal))?.why ?? null;
}
