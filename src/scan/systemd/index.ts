import type { Extractor } from '../types.js';
import { extractUnit } from './extract.js';
import { SYSTEMD_RULES } from './rules.js';

export const systemdExtractor: Extractor = {
  name: 'systemd',
  kind: 'systemd-unit',
  rules: SYSTEMD_RULES,
  extract: extractUnit,
};
