/**
 * Cross-file analysis after the scan: merge unit files with their drop-ins, convert each unit to
 * learn what does not convert (findings), and tell shipped units from distribution ones in the
 * systemctl calls. Pure: a ScanResult in, findings and conversions out.
 */
import { gettyLine } from '../knowledge/gettys.js';
import { findingOf } from '../scan/rule-finding.js';
import type { Finding, ScanResult, UnitFileFact } from '../scan/result.js';
import * as rules from '../scan/systemd/rules.js';
import { loadSystemdKnowledge } from '../systemd/knowledge.js';
import { parseUnitName, type ParsedUnitFile } from '../systemd/parse.js';
import { mergeUnit, type Unit } from '../systemd/unit.js';
import { convertService, dependencyName, type ConvertContext, type Note, type OpenRcScript } from './service.js';
import { convertMount, convertPath, convertTimer, type TimerOutput } from './timer-path-mount.js';
import { append } from '../append.js';

import { defaultRelease } from '../knowledge/alpine-releases.js';

/** The target release when none is given: the newest supported one the embedded catalogue covers. */
export const DEFAULT_RELEASE = defaultRelease();

export interface ProjectConversion {
  units: Unit[];
  services: OpenRcScript[];
  timers: TimerOutput[];
  fstab: { line: string; source: string }[];
  notes: Note[];
}

function asParsed(f: UnitFileFact): ParsedUnitFile {
  return { file: f.file, entries: f.entries, problems: [] };
}

export function mergeUnits(result: Pick<ScanResult, 'unitFiles'>): Unit[] {
  const mains = result.unitFiles.filter((f) => !f.dropIn);
  const dropIns = new Map<string, UnitFileFact[]>();
  for (const d of result.unitFiles.filter((f) => f.dropIn)) dropIns.set(d.unit, [...(dropIns.get(d.unit) ?? []), d]);
  const units: Unit[] = [];
  for (const m of mains) {
    const name = parseUnitName(m.unit);
    // An instance's drop-ins (foo@x.service.d) apply to it; a template's (foo@.service.d) to all instances.
    const own = [...(dropIns.get(m.unit) ?? []), ...(name?.template === 'instance' ? (dropIns.get(`${name.prefix}@.${name.type}`) ?? []) : [])];
    const u = mergeUnit(m.unit, asParsed(m), own.map(asParsed));
    if (u) units.push(u);
  }
  // Drop-ins for units the repository does not ship: overrides of distribution units.
  const shipped = new Set(mains.map((m) => m.unit));
  for (const [unit, list] of dropIns) {
    if (shipped.has(unit)) continue;
    const u = mergeUnit(unit, null, list.map(asParsed));
    if (u) units.push(u);
  }
  return units;
}

export function convertProject(result: Pick<ScanResult, 'unitFiles'>, release: string): ProjectConversion {
  const knowledge = loadSystemdKnowledge();
  const units = mergeUnits(result);
  const ctx: ConvertContext = { knowledge, release, repoUnits: new Set(units.filter((u) => u.file).map((u) => u.name.name)) };
  const out: ProjectConversion = { units, services: [], timers: [], fstab: [], notes: [] };
  // A unit file whose name is not a unit name (systemd's alphabet) is not converted: its name would
  // become a generated file's name and the service's name in scripts. Say so rather than skip it.
  for (const f of result.unitFiles) {
    if (f.dropIn || parseUnitName(f.unit)) continue;
    out.notes.push({ rule: rules.unitParseError, file: f.file, line: 1, message: `${JSON.stringify(f.unit.slice(0, 80))} is not a unit name (letters, digits and :-_.\\ with one @, then a unit type); not converted`, subject: f.unit.slice(0, 80) });
  }
  const byName = new Map(units.map((u) => [u.name.name, u]));
  // Services only a timer starts (no [Install]) become the timer's cron job, not init scripts.
  const timerTargets = new Set(units.filter((u) => u.name.type === 'timer').map((u) => u.directives.get('Timer.Unit')?.at(-1)?.value ?? u.name.name.replace(/\.timer$/, '.service')));
  for (const u of units) {
    if (u.name.type === 'service' && timerTargets.has(u.name.name) && ![...u.directives.keys()].some((k) => k.startsWith('Install.'))) {
      // Still convert, for the notes about directives that cannot carry over.
      append(out.notes, convertService(u, ctx).notes);
      continue;
    }
    switch (u.name.type) {
      case 'service': {
        if (!u.file) break; // drop-ins of a distro unit: reported, nothing to convert
        const c = convertService(u, ctx);
        out.services.push(c.script);
        append(out.notes, c.notes);
        break;
      }
      case 'timer': {
        const target = u.directives.get('Timer.Unit')?.at(-1)?.value ?? u.name.name.replace(/\.timer$/, '.service');
        const c = convertTimer(u, byName.get(target), ctx);
        if (c.out) out.timers.push(c.out);
        append(out.notes, c.notes);
        break;
      }
      case 'path': {
        const c = convertPath(u, ctx);
        if (c.script) out.services.push(c.script);
        append(out.notes, c.notes);
        break;
      }
      case 'mount': {
        const c = convertMount(u, knowledge);
        if (c.line) out.fstab.push({ line: c.line, source: u.file ?? u.name.name });
        append(out.notes, c.notes);
        break;
      }
      default: {
        const first = [...u.directives.values()].flat()[0];
        if (first) {
          out.notes.push({ rule: rules.unsupportedDirective, file: first.file, line: first.line, message: `${u.name.type} units have no OpenRC form (targets become runlevels, sockets need the daemon to listen itself)`, subject: u.name.name, severity: u.name.type === 'target' ? 'info' : 'warning' });
        }
      }
    }
  }
  return out;
}

/** The scan's findings about units and systemctl calls, from the one conversion of the scan (`conv`). */
export function analyzeUnits(result: ScanResult, conv: ProjectConversion, opts: { release: string }): Finding[] {
  const findings = conv.notes.map((n) => findingOf(n.rule, { file: n.file, line: n.line, message: n.message, subject: n.subject, ...(n.severity ? { severity: n.severity } : {}) }));
  const knowledge = loadSystemdKnowledge();
  const shipped = new Set(result.unitFiles.filter((f) => !f.dropIn).map((f) => f.unit));
  for (const a of result.serviceActions) {
    const name = parseUnitName(a.unit);
    const template = name?.template === 'instance' ? `${name.prefix}@.${name.type}` : null;
    a.shipped = shipped.has(a.unit) || (template !== null && shipped.has(template));
    if (!a.shipped && ['disable', 'mask', 'stop'].includes(a.action)) {
      // Turning off a unit of the distribution needs nothing on Alpine, which does not have it.
      const call = result.findings.find((f) => f.rule === 'systemd/systemctl' && f.file === a.file && f.line === a.line && f.data?.unit === a.unit);
      if (call) {
        call.severity = 'info';
        call.message = `systemctl ${a.action} ${a.unit}: a distribution unit this repository does not ship; nothing to turn off on Alpine unless an Alpine package brings the same service.`;
      }
    }
    if (a.shipped || !['enable', 'disable', 'mask', 'unmask'].includes(a.action)) continue;
    const dep = dependencyName(a.unit, { knowledge, release: opts.release, repoUnits: shipped });
    const known = knowledge.targets.get(a.unit);
    const getty = gettyLine(a.unit);
    const alpine = getty ? `a line in /etc/inittab (${getty}): BusyBox init runs gettys` : known ? (known.openrc ? `the Alpine service ${known.openrc}` : `nothing (${known.note})`) : dep.name ? `probably the Alpine service ${dep.name}, if its package provides one` : 'nothing';
    findings.push(findingOf(rules.distroUnit, { file: a.file, line: a.line, message: `${a.unit} is not shipped by this repository: a distribution unit; on Alpine it is ${alpine}.`, subject: `${a.action} ${a.unit}`, data: { unit: a.unit, action: a.action, openrc: known?.openrc ?? dep.name } }));
  }
  return findings;
}
