import type { Extractor } from '../types.js';
import { extractWorkflow } from './extract.js';
import { WORKFLOW_RULES } from './rules.js';

export const workflowExtractor: Extractor = {
  name: 'workflow',
  kind: 'workflow',
  rules: WORKFLOW_RULES,
  extract: extractWorkflow,
};
