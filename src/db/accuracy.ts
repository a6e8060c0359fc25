/**
 * Scores lookups against labelled pairs: top-1 accuracy overall and tier by tier, the worst kind of
 * error (an answer marked high confidence that is wrong), and answers naming a package absent from
 * the catalogue. Used by `npm run bench:mapping` and the accuracy test.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Answer, PackageMap } from './lookup.js';

export interface LabelledPair {
  debian: string;
  /** The acceptable Alpine names (any one is right), or null for "no package" (dropped or none). */
  alpine: string | null;
  also?: string[];
}

export function readLabelled(path: string): LabelledPair[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [debian, alpine] = l.split('\t');
      return { debian: debian!, alpine: alpine === '-' ? null : alpine! };
    });
}

/** A stable half of a labelled set, by a hash of each name: the held-out half is never tuned on. */
export function heldOut(pairs: LabelledPair[], half: 0 | 1): LabelledPair[] {
  return pairs.filter((p) => (createHash('sha256').update(p.debian).digest()[0]! & 1) === half);
}

export interface TierScore {
  answered: number;
  correct: number;
}

export interface Score {
  total: number;
  correct: number;
  unknown: number;
  certainWrong: { pair: LabelledPair; answer: Answer }[];
  wrong: { pair: LabelledPair; answer: Answer }[];
  /** Answers naming a package (not a so:/cmd:/pc: capability) the catalogue does not have. */
  absent: { pair: LabelledPair; answer: Answer; names: string[] }[];
  tiers: Map<string, TierScore>;
}

export function isCorrect(pair: LabelledPair, a: Answer): boolean {
  if (pair.alpine === null) return a.kind === 'dropped' || a.kind === 'none';
  const want = new Set([pair.alpine, ...(pair.also ?? [])]);
  // A split answer is a set of packages to install together: right when it holds an expected one.
  return a.kind === 'split' ? a.alpine.some((n) => want.has(n)) : want.has(a.alpine[0] ?? '');
}

export function score(map: PackageMap, pairs: LabelledPair[], exists?: (name: string) => boolean): Score {
  const s: Score = { total: pairs.length, correct: 0, unknown: 0, certainWrong: [], wrong: [], absent: [], tiers: new Map() };
  for (const pair of pairs) {
    const a = map.lookup(pair.debian);
    const tier = s.tiers.get(a.provenance) ?? s.tiers.set(a.provenance, { answered: 0, correct: 0 }).get(a.provenance)!;
    tier.answered++;
    if (exists) {
      const names = a.alpine.filter((n) => !/^(so|cmd|pc):/.test(n) && !exists(n));
      if (names.length) s.absent.push({ pair, answer: a, names });
    }
    if (isCorrect(pair, a)) {
      s.correct++;
      tier.correct++;
    } else {
      if (a.kind === 'unknown') s.unknown++;
      s.wrong.push({ pair, answer: a });
      if (a.confidence === 'high') s.certainWrong.push({ pair, answer: a });
    }
  }
  return s;
}
