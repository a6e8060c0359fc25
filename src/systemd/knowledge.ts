/**
 * The systemd-to-OpenRC tables in mappings/, loaded once.
 */
import { mappingRows } from '../knowledge/tsv.js';
import type { Severity } from '../scan/result.js';

const rows = mappingRows;

export interface TargetInfo {
  openrc: string | null;
  runlevel: string | null;
  note: string;
}

export interface SystemdKnowledge {
  targets: Map<string, TargetInfo>;
  /** OpenRC virtual service -> the concrete services that provide it. */
  virtuals: Map<string, string[]>;
  limits: Map<string, string>;
  /** Distribution services timers may name without the repository shipping them (mappings/debian-units.tsv). */
  debianUnits: Map<string, { command: string; alpine: string; debian: string }>;
  unsupported: { pattern: string; severity: Severity; remedy: string }[];
  releases: { release: string; openrc: string }[];
  features: Map<string, string>;
  /** systemctl verb -> its OpenRC form (NAME, RUNLEVEL; null: nothing to run) and a note (mappings/systemctl-openrc.tsv). */
  systemctl: Map<string, { form: string | null; note: string }>;
  /** Unit type -> Section.Key -> what the converter makes of it (mappings/systemd-directives.tsv). */
  directives: Map<string, Map<string, DirectiveFate>>;
}

export interface DirectiveFate {
  fate: 'converted' | 'approximated' | 'dropped';
  becomes: string;
}

/** Whether the converter of `type` units handles `sectionKey` (a row of systemd-directives.tsv). */
export function handles(k: SystemdKnowledge, type: string, sectionKey: string): boolean {
  return k.directives.get(type)?.has(sectionKey) ?? false;
}

let cached: SystemdKnowledge | undefined;

export function loadSystemdKnowledge(): SystemdKnowledge {
  if (cached) return cached;
  const targets = new Map<string, TargetInfo>();
  for (const [unit, openrc, runlevel, note] of rows('systemd-targets.tsv')) {
    targets.set(unit!, { openrc: openrc === '-' ? null : openrc!, runlevel: runlevel === '-' ? null : runlevel!, note: note ?? '' });
  }
  const releases: SystemdKnowledge['releases'] = [];
  const features = new Map<string, string>();
  for (const [kind, a, b] of rows('openrc-releases.tsv')) {
    if (kind === 'release') releases.push({ release: a!, openrc: b! });
    else if (kind === 'feature') features.set(a!, b!);
  }
  const directives = new Map<string, Map<string, DirectiveFate>>();
  for (const [type, key, fate, becomes] of rows('systemd-directives.tsv')) {
    const m = directives.get(type!) ?? new Map<string, DirectiveFate>();
    m.set(key!, { fate: fate as DirectiveFate['fate'], becomes: becomes! });
    directives.set(type!, m);
  }
  cached = {
    directives,
    targets,
    virtuals: new Map(rows('openrc-virtuals.tsv').map(([v, providers]) => [v!, providers!.split(' ')])),
    limits: new Map(rows('systemd-limits.tsv').map(([k, v]) => [k!, v!])),
    debianUnits: new Map(rows('debian-units.tsv').map(([unit, command, alpine, debian]) => [unit!, { command: command!, alpine: alpine!, debian: debian! }])),
    unsupported: rows('systemd-unsupported.tsv').map(([pattern, severity, remedy]) => ({ pattern: pattern!, severity: severity as Severity, remedy: remedy! })),
    releases,
    features,
    systemctl: new Map(rows('systemctl-openrc.tsv').map(([verb, form, note]) => [verb!, { form: form === '-' ? null : form!, note: note ?? '' }])),
  };
  return cached;
}

function versionParts(v: string): number[] {
  return v.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = versionParts(v);
  const b = versionParts(min);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return true;
}

/** The OpenRC version of an Alpine release: the listed one, else the nearest lower listed release. */
export function openrcVersion(k: SystemdKnowledge, release: string): string {
  const r = release.replace(/^v/, '');
  const sorted = [...k.releases].sort((a, b) => (versionAtLeast(a.release, b.release) ? 1 : -1));
  // edge is at least the newest listed release.
  if (r === 'edge') return sorted.at(-1)!.openrc;
  let best = sorted[0]!;
  for (const x of sorted) if (versionAtLeast(r, x.release)) best = x;
  return best.openrc;
}

export function hasFeature(k: SystemdKnowledge, release: string, feature: string): boolean {
  const min = k.features.get(feature);
  if (!min) throw new Error(`unknown OpenRC feature ${feature} (mappings/openrc-releases.tsv)`);
  return versionAtLeast(openrcVersion(k, release), min);
}

/** The unsupported-table row matching Section.Key, if any. */
export function unsupportedRow(k: SystemdKnowledge, sectionKey: string) {
  return k.unsupported.find((u) => (u.pattern.endsWith('*') ? sectionKey.startsWith(u.pattern.slice(0, -1)) : u.pattern === sectionKey));
}
