import { SHELL_RULES } from '../common/shell-rules.js';
import type { Extractor } from '../types.js';
import { extractShell } from './extract.js';

export const shellExtractor: Extractor = {
  name: 'shell',
  kind: 'shell',
  rules: SHELL_RULES,
  extract: extractShell,
};
