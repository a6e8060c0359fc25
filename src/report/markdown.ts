/**
 * The parity report a person reads. Decisions (grouping, wording of cells, escaping) are made here;
 * templates/scan-report.md.hbs holds the layout.
 */
import type { PackageAnswers } from '../db/annotate.js';
import type { ScanResult } from '../scan/result.js';
import { buildReportModel, notAnalysedText, suppressedText, targetRows } from './model.js';
import { renderTextTemplate } from './render.js';

/** A Markdown table cell: pipes escaped, newlines folded. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  const t = cell(text);
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

export function renderMarkdown(result: ScanResult, title: string, answers?: PackageAnswers): string {
  const model = buildReportModel(result, title, answers);
  const s = model.summary;
  const data = {
    title: model.title,
    summaryRows: [
      ...targetRows(result.target).map((r) => [r.label, cell(r.value)]),
      ['Files scanned', String(s.filesScanned)],
      ...Object.entries(s.filesByKind).map(([kind, n]) => [`&nbsp;&nbsp;${kind}`, String(n)]),
      ...(notAnalysedText(s) ? [['Not analysed', cell(notAnalysedText(s)!)]] : []),
      ['Package installs', String(s.packageInstalls)],
      ['Distinct repository packages', String(s.distinctPackages)],
      ['Local .deb installs', String(s.localDebs)],
      ['Findings', `${s.findings} (${s.bySeverity.error} error, ${s.bySeverity.warning} warning, ${s.bySeverity.info} info)`],
      ...(suppressedText(s) ? [['Suppressed (not counted above)', cell(suppressedText(s)!)]] : []),
    ].map(([k, v]) => ({ label: k, value: v })),
    ruleRows: s.byRule.map((r) => ({ rule: code(r.rule), count: r.count })),
    hasMapping: Boolean(answers),
    blockers: model.blockers.map((b) => ({ blocks: b.blocks, what: cell(b.what), rule: b.rule === 'packages' ? '' : code(b.rule), count: b.count, where: cell(`${b.where.join(', ')}${b.morePlaces ? ', …' : ''}`), remedy: cell(b.remedy) })),
    statusRows: Object.entries(s.byStatus).map(([status, count]) => ({ status, count })),
    hasBaseImages: model.baseImages.length > 0,
    baseImages: model.baseImages.map((b) => ({
      image: code(b.image),
      distro: b.distro,
      stage: b.stage ? cell(b.stage) : '',
      where: `${cell(b.file)}:${b.line}`,
    })),
    hasPackages: model.packages.length > 0,
    packages: model.packages.map((p) => ({
      name: code(p.name),
      arch: p.arch ?? '',
      version: cell(p.versions.join(', ')),
      manager: p.managers.join(', '),
      source: p.source === 'local-deb' ? 'local .deb' : 'repository',
      alpine: p.answer ? (p.answer.alpine.length ? p.answer.alpine.map(code).join(' ') : '—') : p.source === 'local-deb' ? '(repackage)' : '',
      status: p.answer ? p.answer.status : p.source === 'local-deb' ? 'local-deb' : '',
      confidence: p.answer?.confidence ?? '',
      reason: p.answer ? cell(p.answer.reason) : '',
      where: cell(p.locations.map((l) => `${l.file}:${l.line}`).join(', ')),
    })),
    hasBlobs: result.blobs.length > 0,
    blobs: result.blobs.map((b) => ({
      path: code(b.path),
      kind: b.kind,
      arch: b.arch ?? '',
      verdict: b.verdict,
      needed: cell(b.needed.join(', ')),
      glibc: cell(b.glibcVersions.join(', ')),
      missing: cell(b.missingSymbols.slice(0, 12).join(', ') + (b.missingSymbols.length > 12 ? ` and ${b.missingSymbols.length - 12} more` : '')),
      reason: cell(b.reason),
    })),
    hasFindings: model.findingsByFile.length > 0,
    files: model.findingsByFile.map((f) => ({
      file: f.file,
      findings: f.findings.map((x) => ({
        severity: x.severity,
        rule: x.rule,
        line: x.line === null ? '' : `line ${x.line}: `,
        message: x.message,
        remediation: x.remediation ?? '',
        hasRemediation: Boolean(x.remediation),
        confidence: x.confidence,
      })),
    })),
  };
  return renderTextTemplate('scan-report.md.hbs', data);
}
