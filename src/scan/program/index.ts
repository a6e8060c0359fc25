import type { Extractor } from '../types.js';
import { extractProgram } from './extract.js';
import { PROGRAM_RULES } from './rules.js';

export const programExtractor: Extractor = {
  name: 'program',
  kind: 'program',
  rules: PROGRAM_RULES,
  extract: extractProgram,
};
