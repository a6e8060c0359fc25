/**
 * What every report format shows, computed once from a ScanResult: summary counts, packages grouped
 * by name and architecture with all their locations, findings grouped by file. Renderers only lay
 * this out.
 */
import { answerKey, type PackageAnswers } from '../db/annotate.js';
import type { Answer } from '../db/lookup.js';
import { SEVERITIES, cmp, type Finding, type ScanResult, type Severity } from '../scan/result.js';
import { suppressedCounts } from '../scan/suppress.js';
import { allRules } from '../scan/scanner.js';

export interface PackageRow {
  name: string;
  arch: string | null;
  versions: string[];
  managers: string[];
  source: 'repository' | 'local-deb';
  locations: { file: string; line: number }[];
  /** The Alpine answer; absent for local .deb files and when no database was consulted. */
  answer?: Answer;
}

export interface FileFindings {
  file: string;
  findings: Finding[];
}

export interface ReportModel {
  title: string;
  summary: {
    filesScanned: number;
    filesByKind: Record<string, number>;
    packageInstalls: number;
    distinctPackages: number;
    localDebs: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    byRule: { rule: string; count: number }[];
    /** Distinct repository packages by mapping status; empty when no database was consulted. */
    byStatus: Record<string, number>;
    /** Files no extractor reads, by extension ('(none)' for names without one), most first. */
    notAnalysed: { extension: string; count: number }[];
    /** Findings the user silenced, by what silenced them and by rule (never dropped without a count). */
    suppressed: ReturnType<typeof suppressedCounts> & { byRule: { rule: string; count: number }[] };
  };
  packages: PackageRow[];
  baseImages: ScanResult['baseImages'];
  findingsByFile: FileFindings[];
  /** What stops the Alpine build or its programs and generate cannot fix, most first: reports lead with it. */
  blockers: Blocker[];
}

export interface Blocker {
  blocks: 'build' | 'run';
  /** The rule, or `packages` for the packages no Alpine package answers. */
  rule: string;
  what: string;
  remedy: string;
  count: number;
  /** The first few places, `file:line`, each once. */
  where: string[];
  /** There are more places than `where` lists. */
  morePlaces: boolean;
}

const BLOCKER_PLACES = 3;

/** Findings of rules marked `blocks`, grouped by rule, and the packages Alpine has no answer for. */
function blockersOf(findings: readonly Finding[], packages: readonly PackageRow[]): Blocker[] {
  const meta = new Map(allRules().map((r) => [r.id, r]));
  const byRule = new Map<string, Blocker>();
  for (const f of findings) {
    const rule = meta.get(f.rule);
    if (!rule?.blocks) continue;
    let b = byRule.get(f.rule);
    if (!b) byRule.set(f.rule, (b = { blocks: rule.blocks, rule: f.rule, what: rule.description, remedy: rule.remediation, count: 0, where: [], morePlaces: false }));
    b.count++;
    // Two packages of one install line are one place.
    const at = f.line === null ? f.file : `${f.file}:${f.line}`;
    if (b.where.includes(at)) continue;
    if (b.where.length < BLOCKER_PLACES) b.where.push(at);
    else b.morePlaces = true;
  }
  const out = [...byRule.values()];
  const missing = packages.filter((p) => p.answer && (p.answer.status === 'no-equivalent' || p.answer.status === 'unknown'));
  if (missing.length) {
    const names = missing.map((p) => p.name);
    out.push({
      blocks: 'build', rule: 'packages', count: missing.length,
      what: `Packages with no Alpine package found: ${names.slice(0, 8).join(', ')}${names.length > 8 ? `, and ${names.length - 8} more` : ''}. generate leaves them out of apk add.`,
      remedy: 'Build each from source or drop it; migrate lookup NAME gives the reason and evidence of each answer.',
      where: [...new Set(missing.map((p) => `${p.locations[0]!.file}:${p.locations[0]!.line}`))].slice(0, BLOCKER_PLACES),
      morePlaces: new Set(missing.map((p) => `${p.locations[0]!.file}:${p.locations[0]!.line}`)).size > BLOCKER_PLACES,
    });
  }
  return out.sort((a, b) => cmp(a.blocks, b.blocks) || b.count - a.count || cmp(a.rule, b.rule));
}

export function buildReportModel(result: ScanResult, title: string, answers?: PackageAnswers): ReportModel {
  const rows = new Map<string, PackageRow>();
  for (const p of result.packages) {
    const key = `${p.source}\u0000${p.name}\u0000${p.arch ?? ''}`;
    let row = rows.get(key);
    if (!row) {
      row = { name: p.name, arch: p.arch, versions: [], managers: [], source: p.source, locations: [] };
      const answer = p.source === 'repository' ? answers?.get(answerKey(p.name, p.arch)) : undefined;
      if (answer) row.answer = answer;
      rows.set(key, row);
    }
    if (p.version && !row.versions.includes(p.version)) row.versions.push(p.version);
    if (!row.managers.includes(p.manager)) row.managers.push(p.manager);
    row.locations.push({ file: p.file, line: p.line });
  }
  const packages = [...rows.values()].sort((a, b) => cmp(a.source, b.source) || cmp(a.name, b.name) || cmp(a.arch ?? '', b.arch ?? ''));

  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule = new Map<string, number>();
  for (const f of result.findings) {
    bySeverity[f.severity]++;
    byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  }
  const byStatus: Record<string, number> = {};
  for (const row of packages) if (row.answer) byStatus[row.answer.status] = (byStatus[row.answer.status] ?? 0) + 1;
  const filesByKind: Record<string, number> = {};
  for (const f of result.files) filesByKind[f.kind] = (filesByKind[f.kind] ?? 0) + 1;
  const notAnalysed = new Map<string, number>();
  for (const f of result.files) {
    if (f.kind !== 'other') continue;
    const base = f.file.slice(f.file.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    const ext = dot > 0 ? base.slice(dot).toLowerCase() : '(none)';
    notAnalysed.set(ext, (notAnalysed.get(ext) ?? 0) + 1);
  }

  return {
    title,
    summary: {
      filesScanned: result.files.length,
      filesByKind: Object.fromEntries(Object.entries(filesByKind).sort(([a], [b]) => cmp(a, b))),
      packageInstalls: result.packages.length,
      distinctPackages: new Set(result.packages.filter((p) => p.source === 'repository').map((p) => p.name)).size,
      localDebs: result.packages.filter((p) => p.source === 'local-deb').length,
      findings: result.findings.length,
      bySeverity,
      byRule: [...byRule].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || cmp(a.rule, b.rule)),
      byStatus: Object.fromEntries(Object.entries(byStatus).sort(([a], [b]) => cmp(a, b))),
      notAnalysed: [...notAnalysed].map(([extension, count]) => ({ extension, count })).sort((a, b) => b.count - a.count || cmp(a.extension, b.extension)),
      suppressed: { ...suppressedCounts(result.suppressed ?? []), byRule: countByRule(result.suppressed ?? []) },
    },
    packages,
    blockers: blockersOf(result.findings, packages),
    baseImages: result.baseImages,
    findingsByFile: [...byFile].map(([file, findings]) => ({ file, findings })).sort((a, b) => cmp(a.file, b.file)),
  };
}

function countByRule(findings: readonly Finding[]): { rule: string; count: number }[] {
  const by = new Map<string, number>();
  for (const f of findings) by.set(f.rule, (by.get(f.rule) ?? 0) + 1);
  return [...by].map(([rule, count]) => ({ rule, count })).sort((a, b) => b.count - a.count || cmp(a.rule, b.rule));
}

/** The "Suppressed" line of a summary: how many, by what, and the rules most silenced; null when none. */
export function suppressedText(s: ReportModel['summary']): string | null {
  const c = s.suppressed;
  if (!c.total) return null;
  const how = [c.inline && `${c.inline} by an inline pragma`, c.file && `${c.file} by an ignore-file pragma`, c.config && `${c.config} by .migrate.ini or --ignore`].filter(Boolean).join(', ');
  return `${c.total} (${how}): ${c.byRule.slice(0, 6).map((r) => `${r.rule} ${r.count}`).join(', ')}${c.byRule.length > 6 ? ', …' : ''}`;
}

/** What every report states first: the release and architecture judged against, how each was chosen, and the C library tables. */
/** The "not analysed" line of a summary: the extensions of the files no extractor reads, most first. */
export function notAnalysedText(s: ReportModel['summary']): string | null {
  if (!s.notAnalysed.length) return null;
  const shown = s.notAnalysed.slice(0, 8).map((e) => `${e.extension} ${e.count}`);
  const rest = s.notAnalysed.slice(8).reduce((n, e) => n + e.count, 0);
  const total = s.notAnalysed.reduce((n, e) => n + e.count, 0);
  return `${total} ${total === 1 ? 'file' : 'files'} no rule reads: ${shown.join(', ')}${rest ? `, ${rest} more` : ''}`;
}

export function targetRows(t: ScanResult['target']): { label: string; value: string }[] {
  return [
    { label: 'Target release', value: `Alpine ${t.release} (${t.releaseHow})` },
    { label: 'Target architecture', value: `${t.arch} (${t.archHow})` },
    ...(t.catalogue !== undefined ? [{ label: 'Packages checked against', value: t.catalogue ? `${t.catalogue}${t.catalogueGaps?.length ? `; ${t.catalogueGaps.join('; ')}` : ''}` : 'no Alpine catalogue: package answers are unverified' }] : []),
    { label: 'Binaries judged against', value: t.musl ? `${t.musl}${t.gcompat ? `; ${t.gcompat}` : '; no gcompat table'}` : `no musl table for ${t.arch}: symbols not checked` },
  ];
}
