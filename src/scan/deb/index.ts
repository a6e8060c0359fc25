import type { Extractor } from '../types.js';
import { extractDeb } from './extract.js';
import { DEB_RULES } from './rules.js';

export const debExtractor: Extractor = {
  name: 'deb',
  kind: 'deb',
  rules: DEB_RULES,
  extract: extractDeb,
};
