/**
 * Which Alpine releases exist and which are still supported (mappings/alpine-releases.tsv), for
 * strict --release values and for saying, in every report, when the target is past its end of life.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { mappingsDir } from '../paths.js';
import { mappingRows } from './tsv.js';

export interface AlpineRelease {
  release: string;
  released: string;
  /** YYYY-MM: the last month of support. */
  eol: string;
  estimated: boolean;
}

let table: AlpineRelease[] | null = null;
export function alpineReleases(): AlpineRelease[] {
  table ??= mappingRows('alpine-releases.tsv').map(([release, released, eol, source]) => ({ release: release!, released: released!, eol: eol!, estimated: source === 'estimate' }));
  return table;
}

const month = (d: Date) => d.toISOString().slice(0, 7);

/** The releases still supported in the month of `now`. */
export function supportedReleases(now: Date): string[] {
  return alpineReleases().filter((r) => r.released <= month(now) && r.eol >= month(now)).map((r) => r.release);
}

/** Why `release` is not a value --release takes, or null: a listed release or edge (a leading v is allowed). */
export function releaseProblem(value: string): string | null {
  const r = value.replace(/^v/, '');
  if (r === 'edge' || alpineReleases().some((x) => x.release === r)) return null;
  const known = alpineReleases().map((x) => x.release);
  return `--release ${value}: not an Alpine release this tool knows (${known[0]}–${known.at(-1)}, or edge; mappings/alpine-releases.tsv)`;
}

/** A note when `release` is past its end of support in the month of `now`, or null. */
export function endOfLife(release: string, now: Date): string | null {
  const r = alpineReleases().find((x) => x.release === release.replace(/^v/, ''));
  if (!r || r.eol >= month(now)) return null;
  return `Alpine ${r.release} reached its end of support in ${r.eol}; supported now: ${supportedReleases(now).join(', ')}`;
}

/** The releases whose main repository the embedded catalogue covers (mappings/catalogue/alpine-v<release>-main-*.tsv). */
export function catalogueReleases(): string[] {
  let files: string[] = [];
  try {
    files = readdirSync(join(mappingsDir(), 'catalogue'));
  } catch {
    files = [];
  }
  const releases = files.map((f) => /^alpine-v(\d+\.\d+)-main-/.exec(f)?.[1]).filter((r): r is string => Boolean(r));
  return [...new Set(releases)].sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
}

/**
 * The target when none is given: the newest release the embedded catalogue covers that is still
 * supported in the month of `now`; the newest covered one when none is (a report then says it is past
 * its end of life).
 */
export function defaultRelease(now = new Date()): string {
  const covered = catalogueReleases();
  const supported = new Set(supportedReleases(now));
  return covered.find((r) => supported.has(r)) ?? covered[0] ?? alpineReleases().at(-1)!.release;
}
