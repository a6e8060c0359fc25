import { makeFinding, type Confidence, type Finding, type Severity } from './result.js';
import type { RuleMeta } from './types.js';

export interface FindingFields {
  file: string;
  line: number | null;
  message: string;
  /** What the finding is about (a package, a command); part of the finding's id and key. */
  subject: string;
  evidence?: string;
  data?: Record<string, unknown>;
  /** Overrides the rule's default when this occurrence is less certain. */
  confidence?: Confidence;
  severity?: Severity;
  remediation?: string;
}

/** A finding of `rule`, with the rule's severity, confidence and remediation unless overridden. */
export function findingOf(rule: RuleMeta, f: FindingFields): Finding {
  return makeFinding({
    rule: rule.id,
    severity: f.severity ?? rule.severity,
    confidence: f.confidence ?? rule.confidence,
    file: f.file,
    line: f.line,
    message: f.message,
    subject: f.subject,
    ...(f.evidence !== undefined ? { evidence: f.evidence } : {}),
    remediation: f.remediation ?? rule.remediation,
    ...(f.data !== undefined ? { data: f.data } : {}),
  });
}
