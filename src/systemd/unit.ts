/**
 * A unit as systemd sees it: the unit file with its drop-ins (`foo.service.d/*.conf`, applied in
 * file-name order) merged over it. Every key keeps all its assignments in order; an empty
 * assignment clears the ones before it (systemd.unit(5)), so list settings such as ExecStartPre
 * come out right, and single-value settings take the last one.
 */
import { parseUnitName, type ParsedUnitFile, type UnitName } from './parse.js';

export interface Assignment {
  value: string;
  line: number;
  file: string;
}

export interface Unit {
  name: UnitName;
  /** The unit file, or null when only drop-ins exist (overrides of a distro unit). */
  file: string | null;
  dropIns: string[];
  /** 'Section.Key' -> assignments in effect, in order. */
  directives: Map<string, Assignment[]>;
}

export function mergeUnit(name: string, main: ParsedUnitFile | null, dropIns: ParsedUnitFile[]): Unit | null {
  const parsed = parseUnitName(name);
  if (!parsed) return null;
  const directives = new Map<string, Assignment[]>();
  const sorted = [...dropIns].sort((a, b) => (base(a.file) < base(b.file) ? -1 : base(a.file) > base(b.file) ? 1 : 0));
  for (const f of [...(main ? [main] : []), ...sorted]) {
    for (const e of f.entries) {
      const key = `${e.section}.${e.key}`;
      if (e.value === '') {
        directives.set(key, []);
        continue;
      }
      const list = directives.get(key) ?? [];
      list.push({ value: e.value, line: e.line, file: e.file });
      directives.set(key, list);
    }
  }
  return { name: parsed, file: main?.file ?? null, dropIns: sorted.map((d) => d.file), directives };
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function all(unit: Unit, section: string, key: string): Assignment[] {
  return unit.directives.get(`${section}.${key}`) ?? [];
}

export function last(unit: Unit, section: string, key: string): Assignment | undefined {
  return all(unit, section, key).at(-1);
}

/** Space-separated list settings (After=a b, After=c) flattened in order. */
export function words(unit: Unit, section: string, key: string): { word: string; at: Assignment }[] {
  return all(unit, section, key).flatMap((a) => a.value.split(/\s+/).filter(Boolean).map((word) => ({ word, at: a })));
}

/** systemd's boolean forms (systemd.syntax(7)). */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(1|yes|y|true|t|on)$/i.test(value.trim());
}

/** A systemd time span (`2`, `500ms`, `1min 30s`, `infinity`) in seconds; null when not parseable. */
export function seconds(value: string): number | null {
  const v = value.trim();
  if (v === 'infinity') return Infinity;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const units: Record<string, number> = { us: 1e-6, usec: 1e-6, ms: 1e-3, msec: 1e-3, s: 1, sec: 1, second: 1, seconds: 1, m: 60, min: 60, minute: 60, minutes: 60, h: 3600, hr: 3600, hour: 3600, hours: 3600, d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([a-z]+)/g;
  let m: RegExpExecArray | null;
  let consumed = '';
  while ((m = re.exec(v))) {
    const f = units[m[2]!];
    if (f === undefined) return null;
    total += Number(m[1]) * f;
    consumed += m[0];
  }
  return consumed.replace(/\s/g, '') === v.replace(/\s/g, '') && consumed ? total : null;
}
