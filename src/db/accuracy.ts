/**
 * Scores lookups against labelled pairs: top-1 accuracy, and the worst kind of error, an answer
 * marked high confidence that is wrong. Used by `npm run bench:mapping` and the accuracy test.
 */
import { readFileSync } from 'node:fs';
import type { Answer, PackageMap } from './lookup.js';

export interface LabelledPair {
  debian: string;
  /** The expected Alpine name, or null for "no package" (dropped or none). */
  alpine: string | null;
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

export interface Score {
  total: number;
  correct: number;
  unknown: number;
  certainWrong: { pair: LabelledPair; answer: Answer }[];
  wrong: { pair: LabelledPair; answer: Answer }[];
}

export function isCorrect(pair: LabelledPair, a: Answer): boolean {
  if (pair.alpine === null) return a.kind === 'dropped' || a.kind === 'none';
  // A split answer is a set of packages to install together: right when it holds the expected one.
  return a.kind === 'split' ? a.alpine.includes(pair.alpine) : a.alpine[0] === pair.alpine;
}

export function score(map: PackageMap, pairs: LabelledPair[]): Score {
  const s: Score = { total: pairs.length, correct: 0, unknown: 0, certainWrong: [], wrong: [] };
  for (const pair of pairs) {
    const a = map.lookup(pair.debian);
    if (isCorrect(pair, a)) s.correct++;
    else {
      if (a.kind === 'unknown') s.unknown++;
      s.wrong.push({ pair, answer: a });
      if (a.confidence === 'high') s.certainWrong.push({ pair, answer: a });
    }
  }
  return s;
}
