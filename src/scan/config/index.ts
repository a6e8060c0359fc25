import { configRules } from '../../knowledge/config-rules.js';
import type { Extractor } from '../types.js';
import { extractConfig } from './extract.js';

export const configExtractor: Extractor = {
  name: 'config',
  kind: 'config',
  // The rules are rows of mappings/config-rules.tsv, so the table and the registry cannot disagree.
  get rules() {
    return configRules().map((r) => r.meta);
  },
  extract: extractConfig,
};
