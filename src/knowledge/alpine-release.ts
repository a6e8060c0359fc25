/**
 * What a generated build script needs to fetch Alpine's root filesystem: the minirootfs file name
 * and URL for a release and architecture, and its checksum where mappings/alpine-minirootfs.tsv
 * knows it. Debian architecture names in an ubuntu-base file name map through deb-arches.tsv.
 */
import { mappingRows } from './tsv.js';

export interface Minirootfs {
  release: string;
  /** Full version (3.20.3), or null when the release is not in the table. */
  version: string | null;
  arch: string;
  /** Directory URL on the Alpine CDN, ending in a slash. */
  directory: string;
  file: string | null;
  sha256: string | null;
  sha512: string | null;
}

const rows = mappingRows;

/** The Alpine architectures the tables know (deb-arches.tsv), for --arch. */
export function alpineArches(): string[] {
  return [...new Set(rows('deb-arches.tsv').map((r) => r[1]!).filter((a) => a !== 'noarch'))];
}

export function debArches(): Map<string, string> {
  return new Map(rows('deb-arches.tsv').map(([deb, alpine]) => [deb!, alpine!]));
}

/** The Alpine arch of an ubuntu-base tarball (ubuntu-base-24.04.3-base-arm64.tar.gz -> aarch64). */
export function alpineArchOfTarball(name: string): string | null {
  const deb = /-([a-z0-9]+)\.tar(\.[a-z0-9]+)?$/.exec(name)?.[1];
  return deb ? (debArches().get(deb) ?? null) : null;
}

export function minirootfs(release: string, arch: string): Minirootfs {
  const known = rows('alpine-minirootfs.tsv').filter(([r, , a]) => r === release && a === arch);
  const newest = known.sort((x, y) => x[1]!.localeCompare(y[1]!, 'en', { numeric: true })).at(-1);
  const directory = `https://dl-cdn.alpinelinux.org/alpine/${release === 'edge' ? 'edge' : `v${release}`}/releases/${arch}/`;
  if (!newest) return { release, version: null, arch, directory, file: null, sha256: null, sha512: null };
  const version = newest[1]!;
  return { release, version, arch, directory, file: `alpine-minirootfs-${version}-${arch}.tar.gz`, sha256: newest[3] === '-' ? null : newest[3]!, sha512: newest[4] === '-' ? null : newest[4]! };
}

/** Debian multiarch tuple -> Alpine arch and word size (aarch64-linux-gnu -> aarch64, 64), from deb-arches.tsv. */
export function multiarchTuples(): Map<string, { arch: string; bits: number }> {
  return new Map(rows('deb-arches.tsv').filter((r) => r[2] && r[2] !== '-').map(([, alpine, tuple, bits]) => [tuple!, { arch: alpine!, bits: Number(bits) }]));
}
