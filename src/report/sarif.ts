/**
 * SARIF 2.1.0 (OASIS), so GitHub code scanning shows findings inline. Each result carries the
 * finding's line-independent key as a partial fingerprint, so alerts follow code that moves.
 */
import type { Finding, ScanResult, Severity } from '../scan/result.js';
import type { SuppressedBy } from '../scan/suppress.js';
import type { RuleMeta } from '../scan/types.js';
import { ruleHelpMarkdown } from './rules-doc.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const SUPPRESSION: Record<SuppressedBy, { kind: 'inSource' | 'external'; justification: string }> = {
  inline: { kind: 'inSource', justification: 'a # migrate: ignore= pragma for this line' },
  file: { kind: 'inSource', justification: 'a # migrate: ignore-file= pragma in the file' },
  config: { kind: 'external', justification: '.migrate.ini [scan] ignore or --ignore' },
};

export function renderSarif(result: ScanResult, rules: readonly RuleMeta[], toolVersion: string): string {
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'migrate',
            version: toolVersion,
            // No informationUri: the tool has no public home yet, and a made-up one would mislead.
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} ${r.remediation}` },
              help: { text: r.remediation, markdown: ruleHelpMarkdown(r) },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { confidence: r.confidence },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { description: { text: 'The scanned repository' } } },
        // What the run judged against (release, architecture, how each was chosen, the C library tables).
        properties: { target: result.target },
        // Suppressed findings go in too, marked as SARIF says (inSource for a pragma, external for
        // .migrate.ini): code scanning shows them as dismissed instead of not at all.
        results: [...result.findings.map((f) => sarifResult(f, rules)), ...(result.suppressed ?? []).map((f) => ({ ...sarifResult(f, rules), suppressions: [SUPPRESSION[f.suppressedBy]] }))],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifResult(f: Finding, rules: readonly RuleMeta[]) {
  return {
    ruleId: f.rule,
    ruleIndex: rules.findIndex((r) => r.id === f.rule),
    level: LEVEL[f.severity],
    message: { text: f.remediation ? `${f.message} ${f.remediation}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeURI(f.file), uriBaseId: 'SRCROOT' },
          ...(f.line !== null ? { region: { startLine: f.line } } : {}),
        },
      },
    ],
    partialFingerprints: { 'migrateFindingKey/v1': f.key },
    properties: { confidence: f.confidence },
  };
}
