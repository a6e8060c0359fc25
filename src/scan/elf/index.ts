import type { Extractor } from '../types.js';
import { extractElf } from './extract.js';
import { ELF_RULES } from './rules.js';

export const elfExtractor: Extractor = {
  name: 'elf',
  kind: 'elf',
  rules: ELF_RULES,
  extract: extractElf,
};
