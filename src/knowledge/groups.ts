/**
 * Which groups an Alpine root has (mappings/alpine-groups.tsv, read off the minirootfs) and what a
 * generated script does with a Debian group it lacks (mappings/debian-groups.tsv).
 */
import { mappingRows } from './tsv.js';

export type GroupAnswer =
  | { action: 'keep'; group: string }
  | { action: 'map'; group: string; why: string }
  | { action: 'drop'; why: string }
  | { action: 'create'; group: string; why: string };

let alpine: Set<string> | null = null;
let debian: Map<string, { action: string; alpine: string; why: string }> | null = null;

export function alpineGroup(group: string): GroupAnswer {
  alpine ??= new Set(mappingRows('alpine-groups.tsv').map(([g]) => g!));
  debian ??= new Map(mappingRows('debian-groups.tsv').map(([d, action, a, why]) => [d!, { action: action!, alpine: a ?? '', why: why ?? '' }]));
  if (alpine.has(group) || group.includes('$')) return { action: 'keep', group };
  const d = debian.get(group);
  if (d?.action === 'map') return { action: 'map', group: d.alpine, why: d.why };
  if (d?.action === 'drop') return { action: 'drop', why: d.why };
  return { action: 'create', group, why: d?.why ?? 'not in Alpine\'s base layout' };
}
