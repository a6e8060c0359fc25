/**
 * What the user silenced, and how: inline pragmas in the scanned files and the [scan] settings of
 * .migrate.ini. Nothing is dropped silently: every suppressed finding is kept in
 * `ScanResult.suppressed` with what suppressed it, and the reports give the counts.
 *
 * Pragmas, in any comment of a text file (shell, Dockerfile, unit, config):
 *   # migrate: ignore=RULE[,RULE]        the next line that is not blank or a comment, or this
 *                                        line when the comment follows code on it
 *   # migrate: ignore-file=RULE[,RULE]   the whole file
 * A unit file may start its comment with `;` as systemd allows.
 */
import type { Finding, Severity } from './result.js';

export type SuppressedBy = 'inline' | 'file' | 'config';

export interface Suppressed extends Finding {
  suppressedBy: SuppressedBy;
}

/** The pragmas of one file. `lines` maps a line to the rules silenced on it. */
export interface FilePragmas {
  file: Set<string>;
  lines: Map<number, Set<string>>;
  /** Every rule a pragma names, with the line naming it: checked against the registry. */
  named: { rule: string; line: number }[];
}

export interface SuppressionSettings {
  /** [scan] ignore: rules silenced everywhere. */
  ignore?: readonly string[];
  /** [severity]: a rule's severity as this repository wants it. */
  severity?: ReadonlyMap<string, Severity>;
}

// Rule ids hold no spaces: the list ends at the first word not joined by a comma, so a note after it is not read as a rule.
const PRAGMA = /(?:^|\s)[#;]\s*migrate:\s*(ignore|ignore-file)\s*=\s*([A-Za-z0-9/_*.-]+(?:\s*,\s*[A-Za-z0-9/_*.-]+)*)/;

/** The pragmas in `text`, or null when it has none (most files: one substring test). */
export function pragmasOf(text: string): FilePragmas | null {
  if (!text.includes('migrate:')) return null;
  const out: FilePragmas = { file: new Set(), lines: new Map(), named: [] };
  const lines = text.split('\n');
  let pending: string[] = [];
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    const m = PRAGMA.exec(raw);
    const commentOnly = /^[#;]/.test(trimmed);
    if (m) {
      const rules = m[2]!.split(',').map((r) => r.trim()).filter(Boolean);
      for (const rule of rules) out.named.push({ rule, line });
      if (m[1] === 'ignore-file') for (const r of rules) out.file.add(r);
      else if (commentOnly) pending.push(...rules);
      else add(out.lines, line, rules);
    }
    if (trimmed === '' || commentOnly) return;
    if (pending.length) add(out.lines, line, pending);
    pending = [];
  });
  return out;
}

function add(map: Map<number, Set<string>>, line: number, rules: string[]): void {
  const set = map.get(line) ?? new Set<string>();
  for (const r of rules) set.add(r);
  map.set(line, set);
}

/** A rule id of `known`, or a family (`busybox/*`) at least one of them belongs to. */
export function isKnownRule(name: string, known: readonly string[]): boolean {
  return name.endsWith('/*') ? known.some((k) => k.startsWith(name.slice(0, -1))) : known.includes(name);
}

/** `busybox/*` names a family; anything else is one rule id. */
function matches(names: Iterable<string>, rule: string): boolean {
  for (const n of names) if (n === rule || (n.endsWith('/*') && rule.startsWith(n.slice(0, -1)))) return true;
  return false;
}

/** Splits findings into those kept (with severities overridden) and those suppressed, each saying by what. */
export function applySuppressions(findings: Finding[], pragmas: ReadonlyMap<string, FilePragmas>, settings: SuppressionSettings): { kept: Finding[]; suppressed: Suppressed[] } {
  const kept: Finding[] = [];
  const suppressed: Suppressed[] = [];
  const ignore = settings.ignore ?? [];
  for (const f of findings) {
    const p = pragmas.get(f.file);
    const by: SuppressedBy | null =
      p && matches(p.file, f.rule) ? 'file'
      : p && f.line !== null && matches(p.lines.get(f.line) ?? [], f.rule) ? 'inline'
      : matches(ignore, f.rule) ? 'config' : null;
    if (by) {
      suppressed.push({ ...f, suppressedBy: by });
      continue;
    }
    const severity = settings.severity?.get(f.rule);
    kept.push(severity && severity !== f.severity ? { ...f, severity, severityFrom: f.severity } : f);
  }
  return { kept, suppressed };
}

/** Counts for reports: `3 suppressed (2 inline, 1 by .migrate.ini)`. */
export function suppressedCounts(suppressed: readonly Suppressed[]): Record<SuppressedBy, number> & { total: number } {
  const c = { inline: 0, file: 0, config: 0, total: suppressed.length };
  for (const s of suppressed) c[s.suppressedBy]++;
  return c;
}
