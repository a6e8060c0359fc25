/**
 * One line per finding, `file:line: severity: message [rule]`, the form compilers, ShellCheck's
 * gcc format and editors' problem matchers read. A finding without a line gets line 1, as
 * problem matchers need one; repository-level findings (no file) are listed under `.`.
 */
import type { ScanResult } from '../scan/result.js';

const oneLine = (t: string) => t.replace(/\s*\n\s*/g, ' ');
/** A file name may hold line breaks and other control characters: written escaped (`\n`), the finding stays one line. */
// eslint-disable-next-line no-control-regex
const escapedPath = (p: string) => p.replace(/[\x00-\x1f\x7f]/g, (c) => JSON.stringify(c).slice(1, -1));

export function renderTty(result: ScanResult): string {
  return result.findings.map((f) => `${escapedPath(f.file) || '.'}:${f.line ?? 1}: ${f.severity}: ${oneLine(f.message)} [${f.rule}]\n`).join('');
}
