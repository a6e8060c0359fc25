/**
 * Which of the database's Alpine catalogues answer for a target (release and architecture): per
 * branch (main, community, ...), the release closest to the target not newer than it, then the
 * target's architecture over another. An index the user imported (db import, db sync) wins over
 * the embedded snapshot of the same branch. What the choice cannot cover is said in `gaps`.
 */
import type { Db } from './database.js';

export interface Target {
  release: string;
  arch: string;
}

export interface SourceRow {
  id: number;
  kind: string;
  label: string;
  release: string | null;
  branch: string | null;
  arch: string | null;
  date: string | null;
}

export interface ChosenCatalogue {
  /** Source ids to answer from; empty when the database has no Alpine catalogue. */
  ids: number[];
  sources: SourceRow[];
  /** `v3.22/main/x86_64 (2025-11-16), v3.18/community/x86_64 (2025-04-16)`. */
  label: string;
  /** What the chosen catalogues do not cover for the target, in words. */
  gaps: string[];
}

/** 3.9 < 3.10: releases compare by number; edge is newer than all. */
export function compareReleases(a: string, b: string): number {
  const key = (r: string) => (r === 'edge' ? [1e9] : r.split('.').map(Number));
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return Math.sign((x[i] ?? 0) - (y[i] ?? 0));
  return 0;
}

export function chooseCatalogue(db: Db, target: Target): ChosenCatalogue {
  const all = db.prepare("SELECT id, kind, label, release, branch, arch, date FROM sources WHERE distro = 'alpine' ORDER BY label").all() as SourceRow[];
  const chosen: SourceRow[] = [];
  const gaps: string[] = [];
  const otherArch = new Map<string, string[]>(); // catalogue arch -> branches checked in it
  const branches = new Set(all.map((s) => s.branch));
  for (const branch of branches) {
    const mine = all.filter((s) => s.branch === branch);
    // An import without a branch (an installed database, an index of unknown name) always counts.
    if (branch === null) {
      chosen.push(...mine);
      continue;
    }
    const imported = mine.filter((s) => s.kind !== 'snapshot');
    const pool = imported.length ? imported : mine;
    // Not newer than the target first, the closest release first, then the target's architecture.
    const newer = (s: SourceRow) => (compareReleases(s.release ?? '0', target.release) > 0 ? 1 : 0);
    const best = [...pool].sort((a, b) => {
      const byRelease = compareReleases(a.release ?? '0', b.release ?? '0');
      return newer(a) - newer(b) || (newer(a) ? byRelease : -byRelease) || Number(a.arch !== target.arch) - Number(b.arch !== target.arch);
    })[0]!;
    chosen.push(best);
    if (best.release && compareReleases(best.release, target.release) < 0) {
      gaps.push(`${branch}: the newest ${branch} catalogue here is v${best.release}, older than ${target.release}; packages added or renamed since are not known`);
    } else if (best.release && compareReleases(best.release, target.release) > 0) {
      gaps.push(`${branch}: no catalogue for ${target.release} or older; v${best.release} answers, and may name packages ${target.release} lacks`);
    }
    if (best.arch && best.arch !== target.arch) otherArch.set(best.arch, [...(otherArch.get(best.arch) ?? []), branch]);
  }
  for (const [arch, names] of otherArch) gaps.push(`${names.join(' and ')}: names checked in the ${arch} catalogue${names.length > 1 ? 's' : ''}; a few packages are not built for ${target.arch}`);
  return {
    ids: chosen.map((s) => s.id),
    sources: chosen,
    label: chosen.map((s) => `${s.label}${s.kind === 'snapshot' ? ' snapshot' : ''}${s.date ? ` (${s.date})` : ''}`).join(', '),
    gaps,
  };
}
