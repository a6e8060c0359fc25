/**
 * The units as the JSON report lists them (`units[]`): each unit with its drop-ins merged, every
 * directive in effect with its file, line and fate (what the conversion made of it, from
 * mappings/systemd-directives.tsv, or the note the converter raised on that line), what the unit
 * became, and the `systemctl enable` calls that turn it on. Pure: read off the scan's one
 * conversion, so the fates are the ones generate and openrc act on.
 */
import type { ScanResult } from '../scan/result.js';
import { handles, type SystemdKnowledge } from '../systemd/knowledge.js';
import type { ProjectConversion } from './project.js';

export type Fate = 'converted' | 'approximated' | 'dropped' | 'unsupported';

export interface DirectiveRecord {
  section: string;
  key: string;
  value: string;
  file: string;
  line: number;
  fate: Fate;
  /** converted/approximated/dropped: what it became; unsupported: why not and what to do. */
  detail: string;
}

export interface UnitRecord {
  unit: string;
  type: string;
  /** The unit file; null for drop-ins of a unit the repository does not ship. */
  file: string | null;
  dropIns: string[];
  /** What the conversion made of it: an OpenRC script, a periodic job, an fstab line, or nothing. */
  becomes: { kind: 'openrc' | 'cron' | 'fstab' | 'none'; name: string | null };
  enabledBy: { file: string; line: number; action: string }[];
  directives: DirectiveRecord[];
}

/** Rules whose note on a line means the directive there was carried over only approximately. */
const APPROXIMATING = new Set(['systemd/timer-approximation', 'systemd/notify-readiness']);

export function unitRecords(result: Pick<ScanResult, 'serviceActions'>, conv: ProjectConversion, knowledge: SystemdKnowledge): UnitRecord[] {
  const notes = new Map<string, { rule: string; message: string }>();
  for (const n of conv.notes) if (!notes.has(`${n.file}:${n.line}`)) notes.set(`${n.file}:${n.line}`, { rule: n.rule.id, message: n.message });
  return conv.units.map((u) => {
    const type = u.name.type;
    const sources = [u.file, ...u.dropIns].filter((f): f is string => !!f).join('\n');
    const script = conv.services.find((s) => s.sources.join('\n') === sources);
    const timer = conv.timers.find((t) => t.sources.join('\n') === sources);
    const mount = conv.fstab.find((f) => f.source === (u.file ?? u.name.name));
    const becomes: UnitRecord['becomes'] = script ? { kind: 'openrc', name: script.name } : timer ? { kind: 'cron', name: timer.name } : mount ? { kind: 'fstab', name: mount.line.split('\t')[1] ?? null } : { kind: 'none', name: null };
    const directives: DirectiveRecord[] = [];
    for (const [sectionKey, list] of u.directives) {
      const [section, key] = sectionKey.split('.') as [string, string];
      const row = knowledge.directives.get(type)?.get(sectionKey);
      for (const at of list) {
        const note = notes.get(`${at.file}:${at.line}`);
        let fate: Fate;
        let detail: string;
        if (note && !APPROXIMATING.has(note.rule)) [fate, detail] = ['unsupported', note.message];
        else if (note) [fate, detail] = ['approximated', note.message];
        else if (!u.file) [fate, detail] = ['unsupported', `a drop-in of ${u.name.name}, which the repository does not ship: not converted; the Alpine package of that service decides its settings (its /etc/conf.d file)`];
        else if (row) [fate, detail] = [row.fate, row.becomes];
        else if (type === 'service' && section === 'Service' && knowledge.limits.has(key)) [fate, detail] = ['converted', `rc_ulimit="${knowledge.limits.get(key)} ..."`];
        else if (!handles(knowledge, type, sectionKey)) [fate, detail] = ['unsupported', `${type} units have no OpenRC form for ${sectionKey}`];
        else [fate, detail] = ['converted', ''];
        directives.push({ section, key, value: at.value, file: at.file, line: at.line, fate, detail });
      }
    }
    directives.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    const template = u.name.template === 'template' ? u.name.name : null;
    const enabledBy = result.serviceActions
      .filter((a) => (a.action === 'enable' || a.action === 'disable' || a.action === 'mask') && (a.unit === u.name.name || (template !== null && a.unit.startsWith(u.name.name.split('@')[0]! + '@'))))
      .map((a) => ({ file: a.file, line: a.line, action: a.action }));
    return { unit: u.name.name, type, file: u.file, dropIns: u.dropIns, becomes, enabledBy, directives };
  });
}
