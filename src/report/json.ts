/**
 * The machine-readable report. Its shape is reports/scan-report.schema.json; bump
 * SCAN_REPORT_VERSION on any change that is not a pure addition.
 */
import { answerKey, type PackageAnswers } from '../db/annotate.js';
import type { Finding, ScanResult } from '../scan/result.js';
import { buildReportModel } from './model.js';
import { JsonList, prettyJson } from './json-stream.js';
import { unitRecords } from '../convert/unit-records.js';
import { loadSystemdKnowledge } from '../systemd/knowledge.js';

export const SCAN_REPORT_VERSION = 1;

export function renderJson(result: ScanResult, title: string, toolVersion: string, answers?: PackageAnswers): string {
  return [...jsonReport(result, title, toolVersion, answers)].join('');
}

/** The report in pieces, for writing as it is made (src/report/json-stream.ts). */
export function* jsonReport(result: ScanResult, title: string, toolVersion: string, answers?: PackageAnswers): Generator<string> {
  const model = buildReportModel(result, title, answers);
  const report = {
    schema: 'migrate/scan-report',
    schemaVersion: SCAN_REPORT_VERSION,
    tool: { name: 'migrate', version: toolVersion },
    title,
    target: result.target,
    summary: model.summary,
    packages: new JsonList(result.packages, (p) => ({
      name: p.name,
      arch: p.arch,
      version: p.version,
      manager: p.manager,
      source: p.source,
      ...(p.path !== undefined ? { path: p.path } : {}),
      file: p.file,
      line: p.line,
      ...(p.stage !== undefined ? { stage: p.stage } : {}),
      alpine: alpineOf(answers, p.source === 'repository' ? answerKey(p.name, p.arch) : null),
    })),
    baseImages: result.baseImages,
    findings: new JsonList(result.findings, findingJson),
    // Silenced findings, whole, each with what silenced it: a baseline or an audit can see them.
    suppressed: new JsonList(result.suppressed ?? [], (f) => ({ ...findingJson(f), suppressedBy: f.suppressedBy })),
    blobs: result.blobs,
    units: unitRecords(result, result.conversion, loadSystemdKnowledge()),
    files: result.files.filter((f) => f.kind !== 'other'),
  };
  yield* prettyJson(report);
  yield '\n';
}

function findingJson(f: Finding) {
  return {
    id: f.id,
    key: f.key,
    rule: f.rule,
    severity: f.severity,
    confidence: f.confidence,
    file: f.file,
    line: f.line,
    message: f.message,
    remediation: f.remediation ?? null,
    ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
    ...(f.data !== undefined ? { data: f.data } : {}),
    ...(f.severityFrom !== undefined ? { severityFrom: f.severityFrom } : {}),
  };
}

function alpineOf(answers: PackageAnswers | undefined, key: string | null) {
  const a = key === null ? undefined : answers?.get(key);
  if (!a) return null;
  return {
    names: a.alpine,
    kind: a.kind,
    status: a.status,
    confidence: a.confidence,
    provenance: a.provenance,
    ...(a.rule ? { rule: a.rule } : {}),
    verified: a.verified,
    reason: a.reason,
  };
}
