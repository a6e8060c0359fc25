/**
 * What a generated script does with a group: keep one Alpine's base layout has (alpine-groups.tsv,
 * read off the minirootfs), or map, drop or create a Debian one it lacks (debian-groups.tsv). The
 * tables are loaded once, with the other Debian-isms (src/knowledge/debianisms.ts).
 */
import type { Debianisms } from './debianisms.js';

export type GroupAnswer =
  | { action: 'keep'; group: string }
  | { action: 'map'; group: string; why: string }
  | { action: 'drop'; why: string }
  | { action: 'create'; group: string; why: string };

export function alpineGroup(group: string, k: Debianisms): GroupAnswer {
  if (k.alpineGroups.has(group) || group.includes('$')) return { action: 'keep', group };
  const d = k.debianGroups.get(group);
  if (d?.action === 'map') return { action: 'map', group: d.alpine, why: d.why };
  if (d?.action === 'drop') return { action: 'drop', why: d.why };
  return { action: 'create', group, why: d?.why || "not in Alpine's base layout" };
}
