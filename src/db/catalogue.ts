/**
 * The embedded package catalogues of mappings/catalogue/: compact tables derived from real, signed
 * Alpine indexes and from Debian 12's Packages and Contents indexes by `npm run snapshot:catalogue`
 * (scripts/derive-catalogue.ts). Each file opens with `# key: value` provenance lines, then one
 * tab-separated row a package. This module writes and reads that format; the database loads it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mappingsDir } from '../paths.js';
import { MappingFileError } from './curated.js';

export interface CatalogueHeader {
  distro: 'alpine' | 'debian';
  /** `v3.22/main/x86_64`, `debian-12/main/amd64`: the source label the database keeps. */
  label: string;
  release: string;
  branch: string;
  arch: string;
  /** The index's own DESCRIPTION (Alpine) or Release fields (Debian). */
  description: string;
  /** The files it was derived from, with their sha256. */
  source: string;
  signedBy: string | null;
  /** Newest build in the index (Alpine) or the Release file's date (Debian): how current it is. */
  date: string;
  derived: string;
}

export interface AlpineRow {
  name: string;
  version: string;
  origin: string;
  provides: string[];
  depends: string[];
}

export interface DebianRow {
  name: string;
  source: string;
  provides: string[];
  /** Only for packages that ship no files of their own (transitional and metapackages). */
  depends: string[];
  /** What the package ships that Alpine names in its provides: so:, cmd:, pc:, py3: names. */
  ships: string[];
}

const HEADER_KEYS = ['distro', 'label', 'release', 'branch', 'arch', 'description', 'source', 'signed-by', 'date', 'derived'] as const;

const list = (cell: string | undefined) => (cell && cell !== '-' ? cell.split(' ') : []);
const cell = (names: readonly string[]) => (names.length ? names.join(' ') : '-');

export function formatCatalogue(h: CatalogueHeader, intro: string[], columns: string, rows: string[]): string {
  const values: Record<(typeof HEADER_KEYS)[number], string> = {
    distro: h.distro, label: h.label, release: h.release, branch: h.branch, arch: h.arch, description: h.description,
    source: h.source, 'signed-by': h.signedBy ?? '-', date: h.date, derived: h.derived,
  };
  return [...intro.map((l) => `# ${l}`), ...HEADER_KEYS.map((k) => `# ${k}: ${values[k]}`), `# columns: ${columns}`, ...rows, ''].join('\n');
}

export const alpineRow = (r: AlpineRow) => [r.name, r.version, r.origin === r.name ? '-' : r.origin, cell(r.provides), cell(r.depends)].join('\t');
export const debianRow = (r: DebianRow) => [r.name, r.source === r.name ? '-' : r.source, cell(r.provides), cell(r.depends), cell(r.ships)].join('\t');

export interface Catalogue<Row> {
  file: string;
  header: CatalogueHeader;
  rows: Row[];
}

function parse<Row>(file: string, text: string, width: number, row: (cells: string[]) => Row): Catalogue<Row> {
  const head: Record<string, string> = {};
  const rows: Row[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    if (line.startsWith('#')) {
      const m = /^# ([a-z-]+): (.*)$/.exec(line);
      if (m && (HEADER_KEYS as readonly string[]).includes(m[1]!)) head[m[1]!] = m[2]!;
      return;
    }
    const cells = line.split('\t');
    if (cells.length !== width) throw new MappingFileError(`mappings/catalogue/${file}:${i + 1}: expected ${width} tab-separated columns, found ${cells.length}`);
    rows.push(row(cells));
  });
  for (const k of HEADER_KEYS) if (head[k] === undefined) throw new MappingFileError(`mappings/catalogue/${file}: no "# ${k}:" provenance line`);
  if (head.distro !== 'alpine' && head.distro !== 'debian') throw new MappingFileError(`mappings/catalogue/${file}: distro must be alpine or debian`);
  return {
    file,
    header: {
      distro: head.distro, label: head.label!, release: head.release!, branch: head.branch!, arch: head.arch!, description: head.description!,
      source: head.source!, signedBy: head['signed-by'] === '-' ? null : head['signed-by']!, date: head.date!, derived: head.derived!,
    },
    rows,
  };
}

export function parseAlpineCatalogue(file: string, text: string): Catalogue<AlpineRow> {
  return parse(file, text, 5, ([name, version, origin, provides, depends]) => ({ name: name!, version: version!, origin: origin === '-' ? name! : origin!, provides: list(provides), depends: list(depends) }));
}

export function parseDebianCatalogue(file: string, text: string): Catalogue<DebianRow> {
  return parse(file, text, 5, ([name, source, provides, depends, ships]) => ({ name: name!, source: source === '-' ? name! : source!, provides: list(provides), depends: list(depends), ships: list(ships) }));
}

export function catalogueDir(): string {
  return join(mappingsDir(), 'catalogue');
}

/** Every embedded catalogue, Alpine and Debian, in file-name order. */
export function embeddedCatalogues(dir = catalogueDir()): { alpine: Catalogue<AlpineRow>[]; debian: Catalogue<DebianRow>[] } {
  const alpine: Catalogue<AlpineRow>[] = [];
  const debian: Catalogue<DebianRow>[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.tsv')).sort();
  } catch {
    return { alpine, debian };
  }
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (f.startsWith('alpine-')) alpine.push(parseAlpineCatalogue(f, text));
    else if (f.startsWith('debian-')) debian.push(parseDebianCatalogue(f, text));
    else throw new MappingFileError(`mappings/catalogue/${f}: a catalogue file is named alpine-* or debian-*`);
  }
  return { alpine, debian };
}
