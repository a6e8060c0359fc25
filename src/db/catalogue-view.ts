/**
 * Read-only questions the resolver asks of the chosen catalogues: does Alpine have this name, who
 * provides this capability, what does this origin build, what does Debian say about this package.
 * Alpine answers come only from the chosen sources (the target's release and branches).
 */
import type { Db } from './database.js';

export interface AlpinePackage {
  name: string;
  origin: string;
}

export interface DebianPackage {
  name: string;
  source: string;
  provides: string[];
  depends: string[];
  ships: string[];
}

import { mappingRows } from '../knowledge/tsv.js';

/** BusyBox applets are the base system, not an answer to "which package provides this command" (mappings/applet-providers.tsv). */
let appletProviders: Set<string> | null = null;
function base(): Set<string> {
  appletProviders ??= new Set(mappingRows('applet-providers.tsv').map(([p]) => p!));
  return appletProviders;
}

export class CatalogueView {
  private readonly q;
  private alpineNameList: string[] | null = null;
  private debianNameSet: Set<string> | null = null;
  private debianCount: number | null = null;

  constructor(private readonly db: Db, readonly ids: number[]) {
    const inIds = `(${ids.map((id) => Number(id)).join(',') || 'NULL'})`;
    this.q = {
      alpine: db.prepare(`SELECT name, origin FROM alpine_packages WHERE name = ? AND source_id IN ${inIds} LIMIT 1`),
      providers: db.prepare(`SELECT DISTINCT p.name AS name FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE v.capability = ? AND p.source_id IN ${inIds} ORDER BY p.name`),
      py3: db.prepare(`SELECT DISTINCT p.name AS name FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE v.capability GLOB 'py3.[0-9]*:' || ? AND p.source_id IN ${inIds} ORDER BY p.name`),
      origin: db.prepare(`SELECT DISTINCT name FROM alpine_packages WHERE origin = ? AND source_id IN ${inIds} ORDER BY name`),
      libraries: db.prepare(`SELECT DISTINCT p.name AS name FROM alpine_packages p JOIN alpine_provides v ON v.package_id = p.id WHERE p.origin = ? AND v.capability LIKE 'so:%' AND p.source_id IN ${inIds} ORDER BY p.name`),
      sourcesOf: db.prepare(`SELECT DISTINCT source_id AS id FROM alpine_packages WHERE name = ? AND source_id IN ${inIds} UNION SELECT DISTINCT p.source_id AS id FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE v.capability = ? AND p.source_id IN ${inIds}`),
      names: db.prepare(`SELECT DISTINCT name FROM alpine_packages WHERE source_id IN ${inIds}`),
      debian: db.prepare("SELECT p.id AS id, p.name AS name, p.source_package AS source, p.provides AS provides FROM debian_packages p JOIN sources s ON s.id = p.source_id WHERE p.name = ? ORDER BY s.kind = 'snapshot' LIMIT 1"),
      debianProvider: db.prepare("SELECT p.name AS name FROM debian_packages p WHERE p.provides LIKE '%' || ? || '%' ORDER BY p.name"),
      ships: db.prepare('SELECT capability FROM debian_ships WHERE package_id = ? ORDER BY capability'),
      depends: db.prepare('SELECT dependency FROM debian_depends WHERE package_id = ?'),
      debianNames: db.prepare('SELECT DISTINCT name FROM debian_packages'),
      debianCount: db.prepare('SELECT COUNT(*) AS n FROM debian_packages'),
    };
  }

  get empty(): boolean {
    return this.ids.length === 0;
  }

  alpine(name: string): AlpinePackage | undefined {
    return this.q.alpine.get(name) as AlpinePackage | undefined;
  }

  /** Packages providing a capability (so:, cmd:, pc:, a virtual name), BusyBox's last. */
  providers(capability: string): string[] {
    const all = (this.q.providers.all(capability) as { name: string }[]).map((r) => r.name);
    return [...all.filter((n) => !this.isBase(n)), ...all.filter((n) => this.isBase(n))];
  }

  /** A package whose commands are BusyBox applets (mappings/applet-providers.tsv). */
  isBase(name: string): boolean {
    return base().has(name);
  }

  /** Packages providing Python module `module` for any Python 3 (apk's py3.X:module). */
  pythonProviders(module: string): string[] {
    return (this.q.py3.all(module) as { name: string }[]).map((r) => r.name);
  }

  /** Every package an origin (an APKBUILD) builds. */
  originPackages(origin: string): string[] {
    return (this.q.origin.all(origin) as { name: string }[]).map((r) => r.name);
  }

  /** The packages of an origin that ship shared libraries. */
  originLibraries(origin: string): string[] {
    return (this.q.libraries.all(origin) as { name: string }[]).map((r) => r.name);
  }

  /** The chosen sources that have `name` as a package or provide it. */
  sourcesOf(name: string): number[] {
    return (this.q.sourcesOf.all(name, name) as { id: number }[]).map((r) => Number(r.id));
  }

  alpineNames(): string[] {
    this.alpineNameList ??= (this.q.names.all() as { name: string }[]).map((r) => r.name);
    return this.alpineNameList;
  }

  get hasDebian(): boolean {
    // Asked once per package: counting Debian's 60,000 rows each time was a fifth of a large scan.
    this.debianCount ??= (this.q.debianCount.get() as { n: number }).n;
    return this.debianCount > 0;
  }

  debian(name: string): DebianPackage | undefined {
    const row = this.q.debian.get(name) as { id: number; name: string; source: string; provides: string } | undefined;
    if (!row) return undefined;
    return {
      name: row.name,
      source: row.source,
      provides: JSON.parse(row.provides) as string[],
      depends: (this.q.depends.all(row.id) as { dependency: string }[]).map((r) => r.dependency),
      ships: (this.q.ships.all(row.id) as { capability: string }[]).map((r) => r.capability),
    };
  }

  /** Debian packages that name `virtual` in Provides (mail-transport-agent, awk). */
  debianProviders(virtual: string): string[] {
    return (this.q.debianProvider.all(`"${virtual}"`) as { name: string }[]).map((r) => r.name);
  }

  debianNames(): Set<string> {
    this.debianNameSet ??= new Set((this.q.debianNames.all() as { name: string }[]).map((r) => r.name));
    return this.debianNameSet;
  }
}
