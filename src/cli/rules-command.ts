import { renderRulesMarkdown } from '../report/rules-doc.js';
import { everyRule } from '../rules.js';
import type { CliIo } from './io.js';

export function runRules(format: 'text' | 'json' | 'md', io: CliIo): number {
  const rules = everyRule();
  if (format === 'json') {
    io.stdout(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  if (format === 'md') {
    io.stdout(renderRulesMarkdown(rules));
    return 0;
  }
  const width = Math.max(...rules.map((r) => r.id.length));
  for (const r of rules) io.stdout(`${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}\n`);
  return 0;
}
