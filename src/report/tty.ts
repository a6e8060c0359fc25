/**
 * One line per finding, `file:line: severity: message [rule]`, the form compilers, ShellCheck's
 * gcc format and editors' problem matchers read. A finding without a line gets line 1, as
 * problem matchers need one; repository-level findings (no file) are listed under `.`.
 */
import type { ScanResult } from '../scan/result.js';

const oneLine = (t: string) => t.replace(/\s*\n\s*/g, ' ');

export function renderTty(result: ScanResult): string {
  return result.findings.map((f) => `${f.file || '.'}:${f.line ?? 1}: ${f.severity}: ${oneLine(f.message)} [${f.rule}]\n`).join('');
}
