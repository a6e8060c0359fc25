/**
 * A PAM limits.conf line as OpenRC's rc_ulimit (mappings/pam-limits.tsv). Alpine has no PAM, so
 * limits.conf means nothing there; OpenRC applies rc_ulimit from /etc/rc.conf to every service it
 * starts, which is where a Debian image's raised limits (a user's rtprio, nice) take effect for
 * the daemons that need them. It is wider (every service, not one user's) and misses login shells.
 */
import { mappingRows } from './tsv.js';

let table: Map<string, { flag: string; convert: string }> | null = null;

export interface UlimitLine {
  domain: string;
  item: string;
  /** `-r 100`: the rc_ulimit words. */
  ulimit: string;
}

/** `comma - rtprio 100` -> {domain: comma, ulimit: '-r 100'}, or null when it has no faithful ulimit form. */
export function pamLimitAsUlimit(line: string): UlimitLine | null {
  table ??= new Map(mappingRows('pam-limits.tsv').map(([item, flag, convert]) => [item!, { flag: flag!, convert: convert! }]));
  const f = line.trim().split(/\s+/);
  if (f.length !== 4 || f[0]!.startsWith('#')) return null;
  const [domain, type, item, value] = f as [string, string, string, string];
  // A soft-only limit is one a process may raise itself: rc_ulimit sets both.
  if (type !== '-' && type !== 'hard' && type !== 'soft') return null;
  const row = table.get(item);
  if (!row) return null;
  let v: string;
  if (/^(unlimited|infinity|-1)$/.test(value) && row.convert !== 'nice') v = 'unlimited';
  else if (!/^[+-]?\d+$/.test(value)) return null;
  else if (row.convert === 'nice') v = String(20 - Number(value));
  else if (row.convert === 'minutes') v = String(Number(value) * 60);
  else v = String(Number(value));
  return { domain, item, ulimit: `${row.flag} ${v}` };
}
