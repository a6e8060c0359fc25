/** Which lexical family a program's file is in, by its extension or its #! interpreter; null: not a program. */
import type { Family } from './literals.js';

export function familyOf(path: string, interpreter: string | null): Family | null {
  if (/\.py$/.test(path) || interpreter?.startsWith('python')) return 'python';
  if (/\.(c|cc|cpp|cxx|h|hpp|go|js|mjs|cjs|java|rs)$/.test(path) || interpreter === 'node') return 'c';
  if (/\.(pl|pm|rb|lua|php)$/.test(path) || interpreter === 'perl' || interpreter === 'ruby') return 'script';
  return null;
}
