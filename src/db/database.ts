/**
 * Opening, building and importing into the SQLite database (better-sqlite3, synchronous: every
 * import is one transaction, so a failure leaves the database as it was).
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ApkRecord } from './apkindex.js';
import { embeddedCatalogues, type AlpineRow, type Catalogue, type DebianRow } from './catalogue.js';
import { readCuratedMappings, readDebianCapabilities, readDebianRenames, readNamingRules } from './curated.js';
import { TRANSITIONAL, type DebianRecord } from './debian-packages.js';
import { SCHEMA, SCHEMA_VERSION } from './schema.js';
import { embeddedLibcTables, type LibcLibrary, type LibcTable } from '../elf/libc-table.js';
import { chooseCatalogue, type ChosenCatalogue } from './target-catalogue.js';

export type Db = Database.Database;

export class DbError extends Error {}

/** The schema version a migrate database records, or undefined for any other SQLite file. */
function schemaVersion(db: Db): string | undefined {
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined)?.value;
  } catch {
    return undefined;
  }
}

export function openDb(path: string, opts: { readonly?: boolean } = {}): Db {
  if (!existsSync(path)) throw new DbError(`no database at ${path}; create it with: migrate db build --db ${path}`);
  let db: Db;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: true });
  } catch (cause) {
    throw new DbError(`cannot open ${path} as a database (${(cause as Error).message})`);
  }
  const version = schemaVersion(db);
  if (version !== String(SCHEMA_VERSION)) {
    db.close();
    throw new DbError(`${path} is ${version ? `a migrate database of schema ${version}, not ${SCHEMA_VERSION}` : 'not a migrate database'}; rebuild it with: migrate db build --db ${path}`);
  }
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * (Re)builds the curated tables from mappings/. Imported indexes in an existing database are kept.
 * A new database is written to a temporary file and renamed into place, so a failed build never
 * leaves a half-written file behind.
 */
export interface BuildResult {
  mappings: number;
  rules: number;
  capabilities: number;
  libcTables: number;
  /** The embedded catalogues loaded (their labels). */
  catalogues: string[];
  /** True when an existing database of an older schema was replaced, dropping what was imported into it. */
  replacedOldSchema: boolean;
}

/** `catalogues: false` leaves the embedded package catalogues out: a database that knows only the curated tables. */
export function buildDb(path: string, opts: { catalogues?: boolean } = {}): BuildResult {
  const mappings = readCuratedMappings();
  const libc = embeddedLibcTables();
  const rules = readNamingRules();
  const capabilities = readDebianCapabilities();
  const renames = readDebianRenames();
  const catalogues = opts.catalogues === false ? { alpine: [], debian: [] } : embeddedCatalogues();
  mkdirSync(dirname(path), { recursive: true });
  let replacedOldSchema = false;
  if (existsSync(path)) {
    // Only a migrate database of another schema is replaced; any other file is refused by openDb below.
    let version: string | undefined;
    try {
      const old = new Database(path, { readonly: true, fileMustExist: true });
      version = schemaVersion(old);
      old.close();
    } catch {
      version = undefined;
    }
    if (version !== undefined && version !== String(SCHEMA_VERSION)) {
      rmSync(path);
      replacedOldSchema = true;
    }
  }
  const fresh = !existsSync(path);
  const target = fresh ? `${path}.tmp-${process.pid}` : path;
  const db = fresh ? new Database(target) : openDb(path);
  try {
    db.pragma('foreign_keys = ON');
    db.transaction(() => {
      if (fresh) db.exec(SCHEMA);
      db.exec('DELETE FROM mappings; DELETE FROM naming_rules; DELETE FROM debian_capabilities; DELETE FROM debian_renames;');
      const rn = db.prepare('INSERT INTO debian_renames (ord, id, pattern, template, note) VALUES (?, ?, ?, ?, ?)');
      renames.forEach((x, i) => rn.run(i, x.id, x.pattern, x.template, x.note));
      const m = db.prepare('INSERT INTO mappings (debian, kind, alpine, confidence, note, source_line) VALUES (?, ?, ?, ?, ?, ?)');
      for (const x of mappings) m.run(x.debian, x.kind, JSON.stringify(x.alpine), x.confidence, x.note, x.line);
      const r = db.prepare('INSERT INTO naming_rules (ord, id, pattern, candidates, kind, note, traits) VALUES (?, ?, ?, ?, ?, ?, ?)');
      rules.forEach((x, i) => r.run(i, x.id, x.pattern, JSON.stringify(x.candidates), x.kind, x.note, JSON.stringify(x.traits)));
      const c = db.prepare('INSERT OR IGNORE INTO debian_capabilities (debian, capability) VALUES (?, ?)');
      for (const x of capabilities) c.run(x.debian, x.capability);
      // The musl and gcompat tables of mappings/libc/ (a db import-musl of another version replaces one).
      for (const t of libc) for (const arch of t.appliesTo) writeLibcTable(db, t.library, arch, t.symbols, describeTable(t, arch));
      db.exec("DELETE FROM sources WHERE kind = 'snapshot'");
      for (const c of catalogues.alpine) importAlpine(db, snapshotSource(c), c.rows.map((r) => ({ ...r, arch: c.header.arch, description: '' })));
      for (const c of catalogues.debian) importDebianRows(db, snapshotSource(c), c.rows);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)").run(String(SCHEMA_VERSION));
    })();
  } catch (err) {
    db.close();
    if (fresh) rmSync(target, { force: true });
    throw err;
  }
  db.close();
  if (fresh) renameSync(target, path);
  return {
    mappings: mappings.length, rules: rules.length, capabilities: capabilities.length, libcTables: libc.length,
    catalogues: [...catalogues.alpine, ...catalogues.debian].map((c) => c.header.label), replacedOldSchema,
  };
}

function snapshotSource(c: Catalogue<AlpineRow> | Catalogue<DebianRow>): SourceInfo {
  const h = c.header;
  return { kind: 'snapshot', label: h.label, description: `${h.description}; ${h.source}; derived ${h.derived}`, signedBy: h.signedBy, release: h.release, branch: h.branch, arch: h.arch, date: h.date };
}

/** How a report names a table: `musl 1.2.5 (alpine-minirootfs-3.20.3-x86_64.tar.gz …)`. */
function describeTable(t: LibcTable, arch: string): string {
  return `${t.library} ${t.version}${t.arch !== arch ? ` (its ${t.arch} build)` : ''}, from ${t.source.split(' ')[0]!.replace(/,$/, '')}, derived ${t.derived}`;
}

function writeLibcTable(db: Db, library: LibcLibrary, arch: string, names: readonly string[], source: string): void {
  const table = library === 'musl' ? 'musl_symbols' : 'gcompat_symbols';
  db.prepare(`DELETE FROM ${table} WHERE arch = ?`).run(arch);
  const insert = db.prepare(`INSERT OR IGNORE INTO ${table} (arch, name) VALUES (?, ?)`);
  for (const n of names) insert.run(arch, n);
  db.prepare('INSERT OR REPLACE INTO libc_tables (library, arch, version, source) VALUES (?, ?, ?, ?)').run(library, arch, /^\S+ (\S+)/.exec(source)?.[1] ?? '?', source);
}

export interface SourceInfo {
  kind: 'snapshot' | 'apkindex' | 'installed' | 'packages';
  label: string;
  description: string;
  signedBy: string | null;
  release?: string | null;
  branch?: string | null;
  arch?: string | null;
  date?: string | null;
}

function insertSource(db: Db, distro: 'alpine' | 'debian', s: SourceInfo, records: number): number | bigint {
  db.prepare('DELETE FROM sources WHERE label = ?').run(s.label);
  return db
    .prepare('INSERT INTO sources (distro, kind, label, description, signed_by, records, release, branch, arch, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(distro, s.kind, s.label, s.description, s.signedBy, records, s.release ?? null, s.branch ?? null, s.arch ?? null, s.date ?? null).lastInsertRowid;
}

/** Replaces the source with the same label, in one transaction. */
export function importAlpine(db: Db, source: SourceInfo, records: ApkRecord[]): number {
  const insertPkg = db.prepare('INSERT INTO alpine_packages (source_id, name, version, arch, origin, description) VALUES (?, ?, ?, ?, ?, ?)');
  const insertProv = db.prepare('INSERT INTO alpine_provides (package_id, capability) VALUES (?, ?)');
  const insertDep = db.prepare('INSERT INTO alpine_depends (package_id, dependency) VALUES (?, ?)');
  db.transaction(() => {
    const sourceId = insertSource(db, 'alpine', source, records.length);
    for (const r of records) {
      const id = insertPkg.run(sourceId, r.name, r.version, r.arch, r.origin, r.description).lastInsertRowid;
      for (const p of new Set(r.provides)) insertProv.run(id, p);
      for (const d of new Set(r.depends)) insertDep.run(id, d);
    }
  })();
  return records.length;
}

/** A Packages file: no Contents, so nothing is known of what it ships; depends kept for transitional packages. */
export function importDebian(db: Db, source: SourceInfo, records: DebianRecord[]): number {
  return importDebianRows(db, source, records.map((r) => ({ name: r.name, source: r.source, provides: r.provides, depends: TRANSITIONAL.test(r.description) ? r.depends : [], ships: [] })), records);
}

function importDebianRows(db: Db, source: SourceInfo, rows: DebianRow[], records?: DebianRecord[]): number {
  const insertPkg = db.prepare('INSERT INTO debian_packages (source_id, name, version, arch, source_package, section, description, provides) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertShip = db.prepare('INSERT INTO debian_ships (package_id, capability) VALUES (?, ?)');
  const insertDep = db.prepare('INSERT INTO debian_depends (package_id, dependency) VALUES (?, ?)');
  db.transaction(() => {
    const sourceId = insertSource(db, 'debian', source, rows.length);
    rows.forEach((r, i) => {
      const full = records?.[i];
      const id = insertPkg.run(sourceId, r.name, full?.version ?? '', full?.arch ?? '', r.source, full?.section ?? '', full?.description ?? '', JSON.stringify(r.provides)).lastInsertRowid;
      for (const c of r.ships) insertShip.run(id, c);
      for (const d of new Set(r.depends)) insertDep.run(id, d);
    });
  })();
  return rows.length;
}

export interface DbStats {
  schemaVersion: number;
  mappings: Record<string, number>;
  namingRules: number;
  debianCapabilities: number;
  sources: { distro: string; kind: string; label: string; description: string; signedBy: string | null; records: number; release: string | null; branch: string | null; arch: string | null; date: string | null }[];
  alpinePackages: number;
  debianPackages: number;
  /** The musl and gcompat tables binaries are judged against. */
  libcTables: { library: string; arch: string; symbols: number; source: string }[];
}

export function dbStats(db: Db): DbStats {
  const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  const mappings: Record<string, number> = {};
  for (const r of db.prepare('SELECT kind, COUNT(*) AS n FROM mappings GROUP BY kind ORDER BY kind').all() as { kind: string; n: number }[]) mappings[r.kind] = r.n;
  return {
    schemaVersion: SCHEMA_VERSION,
    mappings,
    namingRules: count('SELECT COUNT(*) AS n FROM naming_rules'),
    debianCapabilities: count('SELECT COUNT(*) AS n FROM debian_capabilities'),
    sources: (db.prepare('SELECT distro, kind, label, description, signed_by AS signedBy, records, release, branch, arch, date FROM sources ORDER BY distro, label').all() as DbStats['sources']),
    alpinePackages: count('SELECT COUNT(*) AS n FROM alpine_packages'),
    debianPackages: count('SELECT COUNT(*) AS n FROM debian_packages'),
    libcTables: db.prepare("SELECT t.library, t.arch, t.source, (SELECT COUNT(*) FROM musl_symbols m WHERE t.library = 'musl' AND m.arch = t.arch) + (SELECT COUNT(*) FROM gcompat_symbols g WHERE t.library = 'gcompat' AND g.arch = t.arch) AS symbols FROM libc_tables t ORDER BY t.library, t.arch").all() as DbStats['libcTables'],
  };
}

/** Replaces the musl or gcompat symbol table of one architecture, in one transaction; `source` says where it came from. */
export function importLibcSymbols(db: Db, library: LibcLibrary, arch: string, names: string[], source: string): number {
  db.transaction(() => writeLibcTable(db, library, arch, names, source))();
  return names.length;
}

/** A table the verdicts use: the symbols and where they came from. */
export interface LibcSymbols {
  symbols: Set<string>;
  source: string;
}

/** The symbols musl or gcompat exports for `arch` (the embedded tables, or an import), or null when there are none. */
export function libcSymbols(db: Db, library: LibcLibrary, arch: string): LibcSymbols | null {
  const table = library === 'musl' ? 'musl_symbols' : 'gcompat_symbols';
  const rows = db.prepare(`SELECT name FROM ${table} WHERE arch = ?`).all(arch) as { name: string }[];
  if (!rows.length) return null;
  const source = (db.prepare('SELECT source FROM libc_tables WHERE library = ? AND arch = ?').get(library, arch) as { source: string } | undefined)?.source;
  return { symbols: new Set(rows.map((r) => r.name)), source: source ?? `${library} (imported)` };
}

/**
 * The musl and gcompat tables of an architecture and the so: providers of the catalogues chosen
 * for `release` and that architecture, read when the scan asks for them (it asks once, for its
 * target), so `db` must stay open until then. Reading all eight architectures up front was a
 * tenth of a scan of agnos-builder.
 */
export function loadLibcTables(db: Db, release: string): (arch: string) => { musl: LibcSymbols | null; gcompat: LibcSymbols | null; so: ReturnType<typeof soProviders> } {
  const cache = new Map<string, { musl: LibcSymbols | null; gcompat: LibcSymbols | null; so: ReturnType<typeof soProviders> }>();
  return (arch) => {
    let tables = cache.get(arch);
    if (!tables) cache.set(arch, (tables = { musl: libcSymbols(db, 'musl', arch), gcompat: libcSymbols(db, 'gcompat', arch), so: soProviders(db, chooseCatalogue(db, { release, arch })) }));
    return tables;
  };
}

/** Who provides a shared library in the chosen Alpine catalogues (apk's so: provides), with their label; null without any. */
export function soProviders(db: Db, chosen: ChosenCatalogue): { catalogue: string; providers: (soname: string) => string[] } | null {
  if (!chosen.ids.length) return null;
  // Read once (a few thousand rows), so the database can close before the scan.
  const bySo = new Map<string, string[]>();
  const rows = db.prepare(`SELECT DISTINCT v.capability AS cap, p.name AS name FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE v.capability LIKE 'so:%' AND p.source_id IN (${chosen.ids.map(Number).join(',')}) ORDER BY p.name`).all() as { cap: string; name: string }[];
  for (const r of rows) {
    const list = bySo.get(r.cap.slice(3));
    if (list) list.push(r.name);
    else bySo.set(r.cap.slice(3), [r.name]);
  }
  return { catalogue: chosen.label, providers: (soname) => bySo.get(soname) ?? [] };
}
