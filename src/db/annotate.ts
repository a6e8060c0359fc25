/**
 * The Alpine answer for every package a scan found: one lookup per distinct name and architecture.
 * Kept apart from the scanner (which stays free of the database) and from the renderers.
 */
import type { ScanResult } from '../scan/result.js';
import type { Answer, PackageMap } from './lookup.js';

export type PackageAnswers = Map<string, Answer>;

export function answerKey(name: string, arch: string | null): string {
  return `${name}:${arch ?? ''}`;
}

/** Also records on the scan's target which catalogues answered, so every report can say so. */
export function answerPackages(result: ScanResult, map: PackageMap): PackageAnswers {
  const answers: PackageAnswers = new Map();
  result.target.catalogue = map.indexLoaded ? map.catalogue : null;
  result.target.catalogueGaps = map.chosen.gaps;
  map.batch(() => {
    for (const p of result.packages) {
      if (p.source !== 'repository') continue;
      const key = answerKey(p.name, p.arch);
      if (!answers.has(key)) answers.set(key, map.lookup(p.name, p.arch));
    }
  });
  return answers;
}
