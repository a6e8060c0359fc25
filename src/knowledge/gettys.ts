/**
 * systemd's getty template units as BusyBox init lines (mappings/getty-units.tsv): on Alpine, init
 * respawns gettys from /etc/inittab; OpenRC has no getty services.
 */
import { mappingRows } from './tsv.js';

let gettys: Map<string, string> | null = null;
/** The /etc/inittab line for a getty template instance (serial-getty@ttyS0.service), or null. */
export function gettyLine(unit: string): string | null {
  gettys ??= new Map(mappingRows('getty-units.tsv').map(([u, line]) => [u!, line!]));
  const m = /^([a-z-]+)@([A-Za-z0-9]+)\.service$/.exec(unit);
  const line = m ? gettys.get(`${m[1]}@.service`) : undefined;
  return m && line ? line.replaceAll('TTY', m[2]!) : null;
}

