/**
 * The package index verify's apk answers from: every Alpine package the database holds (imported
 * from signed APKINDEX files), with what it depends on and provides, written as two small tables the
 * apk stand-in reads with awk inside the root.
 */
import type { Db } from '../db/database.js';
import type { ChosenCatalogue } from '../db/target-catalogue.js';
import { mappingRows } from '../knowledge/tsv.js';

export interface Catalogue {
  /** `name<TAB>depends` lines. */
  index: string;
  /** `capability<TAB>name` lines (so:, cmd:, pc:, virtual names). */
  provides: string;
  packages: number;
  /** The indexes it came from, for the report. */
  label: string;
  /** Packages the minirootfs already has (its lib/apk/db/installed). */
  preinstalled: string[];
  /** Package -> the init scripts it ships that a generated build enables (mappings/openrc-boot.tsv). */
  initScripts: Map<string, string[]>;
}

/** The catalogues chosen for the root's release (target-catalogue.ts): imported indexes, else the embedded snapshot. */
export function loadCatalogue(db: Db, preinstalled: string[], chosen: ChosenCatalogue): Catalogue {
  const ids = chosen.sources.filter((s) => s.kind === 'apkindex' || s.kind === 'snapshot').map((s) => Number(s.id));
  const inIds = `(${ids.join(',') || 'NULL'})`;
  const pkgs = db.prepare(`SELECT p.id AS id, p.name AS name FROM alpine_packages p WHERE p.source_id IN ${inIds} ORDER BY p.name`).all() as { id: number; name: string }[];
  const deps = new Map<number, string[]>();
  for (const r of db.prepare(`SELECT d.package_id AS id, d.dependency AS d FROM alpine_depends d JOIN alpine_packages p ON p.id = d.package_id WHERE p.source_id IN ${inIds}`).all() as { id: number; d: string }[]) {
    const list = deps.get(r.id);
    if (list) list.push(r.d);
    else deps.set(r.id, [r.d]);
  }
  const seen = new Set<string>();
  const index: string[] = [];
  for (const p of pkgs) {
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    index.push(`${p.name}\t${(deps.get(p.id) ?? []).join(' ')}`);
  }
  const provides = (db.prepare(`SELECT DISTINCT v.capability AS c, p.name AS n FROM alpine_provides v JOIN alpine_packages p ON p.id = v.package_id WHERE p.source_id IN ${inIds} ORDER BY v.capability, p.name`).all() as { c: string; n: string }[]).map((r) => `${r.c}\t${r.n}`);
  const initScripts = new Map<string, string[]>();
  for (const [service, , pkg] of mappingRows('openrc-boot.tsv')) initScripts.set(pkg!, [...(initScripts.get(pkg!) ?? []), service!]);
  return { index: `${index.join('\n')}\n`, provides: `${provides.join('\n')}\n`, packages: seen.size, label: chosen.sources.filter((s) => ids.includes(Number(s.id))).map((s) => `${s.label}${s.kind === 'snapshot' ? ' snapshot' : ''}`).join(', '), preinstalled, initScripts };
}
