import type { RuleMeta } from '../types.js';

export const workflowParseError = {
  id: 'workflow/parse-error',
  severity: 'warning',
  confidence: 'high',
  description: 'A GitHub Actions workflow that is not valid YAML: its run: steps could not be read.',
  remediation: 'Fix the YAML (GitHub rejects it too); the rest of the repository was scanned.',
} as const satisfies RuleMeta;

export const WORKFLOW_RULES: readonly RuleMeta[] = [workflowParseError];
