/**
 * The parity report as one self-contained HTML page (styles and the table filter inline, nothing
 * fetched): summary, packages with filters, findings by file, units, binaries. All data is escaped
 * by the HTML environment; decisions are made here, layout is templates/scan-report.html.hbs.
 */
import type { PackageAnswers } from '../db/annotate.js';
import type { ScanResult } from '../scan/result.js';
import { buildReportModel, notAnalysedText, suppressedText, targetRows } from './model.js';
import { renderHtmlTemplate } from './render.js';

export function renderHtml(result: ScanResult, title: string, answers: PackageAnswers | undefined): string {
  const model = buildReportModel(result, title, answers);
  const s = model.summary;
  const conv = result.conversion;
  const notesByFile = new Map<string, number>();
  for (const n of conv.notes) notesByFile.set(n.file, (notesByFile.get(n.file) ?? 0) + 1);
  // The overview chart: bars scaled to the largest count of their group, drawn by the template.
  const bars = (rows: { label: string; count: number; kind: string }[]) => {
    const max = Math.max(1, ...rows.map((r) => r.count));
    return rows.map((r, i) => ({ ...r, y: i * 22, width: Math.max(2, Math.round((r.count / max) * 360)) }));
  };
  const severityBars = bars((['error', 'warning', 'info'] as const).map((sev) => ({ label: sev, count: s.bySeverity[sev], kind: sev })));
  const ruleBars = bars(s.byRule.slice(0, 12).map((r) => ({ label: r.rule, count: r.count, kind: 'rule' })));
  const statusBars = bars(Object.entries(s.byStatus).map(([status, count]) => ({ label: status, count, kind: 'status' })));
  const findings = model.findingsByFile.flatMap((f) => f.findings).map((x) => ({ ...x, line: x.line ?? '', remediation: x.remediation ?? '' }));
  const statuses = [...new Set(model.packages.map((p) => p.answer?.status ?? (p.source === 'local-deb' ? 'local-deb' : 'not looked up')))].sort();
  return renderHtmlTemplate('scan-report.html.hbs', {
    title,
    summary: [
      ...targetRows(result.target),
      { label: 'Files scanned', value: s.filesScanned },
      ...(notAnalysedText(s) ? [{ label: 'Not analysed', value: notAnalysedText(s)! }] : []),
      { label: 'Package installs', value: s.packageInstalls },
      { label: 'Distinct packages', value: s.distinctPackages },
      { label: 'Findings', value: `${s.findings} (${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} info)` },
      ...(suppressedText(s) ? [{ label: 'Suppressed (not counted above)', value: suppressedText(s)! }] : []),
      { label: 'Units', value: conv.units.length },
      { label: 'Binaries and packages', value: result.blobs.length },
    ],
    statuses,
    blockers: model.blockers.map((b) => ({ ...b, where: `${b.where.join(', ')}${b.morePlaces ? ', …' : ''}`, rule: b.rule === 'packages' ? '' : b.rule })),
    packages: model.packages.map((p) => ({
      name: p.name,
      arch: p.arch ?? '',
      alpine: p.answer ? p.answer.alpine.join(' ') || '—' : p.source === 'local-deb' ? '(repackage)' : '',
      status: p.answer?.status ?? (p.source === 'local-deb' ? 'local-deb' : 'not looked up'),
      confidence: p.answer?.confidence ?? '',
      where: p.locations.map((l) => `${l.file}:${l.line}`).join(', '),
      reason: p.answer?.reason ?? '',
    })),
    findings,
    findingRules: s.byRule.map((r) => r.rule).sort(),
    // Long tables start folded: the page opens on the overview, not 46 screens of rows.
    foldFindings: findings.length > 60,
    foldPackages: model.packages.length > 60,
    overview: [
      { title: 'Findings by severity', bars: severityBars, height: severityBars.length * 22 },
      { title: `Findings by rule${s.byRule.length > 12 ? ' (top 12)' : ''}`, bars: ruleBars, height: ruleBars.length * 22 },
      ...(statusBars.length ? [{ title: 'Packages by Alpine status', bars: statusBars, height: statusBars.length * 22 }] : []),
    ],
    units: conv.units.map((u) => ({ name: u.name.name, type: u.name.type, file: u.file ?? '(drop-ins only)', dropIns: u.dropIns.join(', '), notes: notesByFile.get(u.file ?? '') ?? 0 })),
    blobs: result.blobs.map((b) => ({ ...b, needed: b.needed.join(', '), missing: b.missingSymbols.join(', ') })),
  });
}
