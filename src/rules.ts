/**
 * Every rule a finding can come from: the scan's (extractors and the scanner itself) and those of
 * `migrate verify`. `migrate rules` lists them; the contract test checks each is documented and tested.
 */
import { allRules } from './scan/scanner.js';
import type { RuleMeta } from './scan/types.js';
import { VERIFY_RULES } from './verify/rules.js';

export function everyRule(): RuleMeta[] {
  return [...allRules(), ...VERIFY_RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
