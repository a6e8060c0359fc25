/**
 * docs/rules.md, generated from the rule registry (`npm run docs:rules`): every rule with its
 * severity, confidence, what it means and what to do, grouped by the kind of file it is about.
 * The contract test checks the committed page is what this renders, so it cannot go stale.
 */
import type { RuleMeta } from '../scan/types.js';

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderRulesMarkdown(rules: readonly RuleMeta[]): string {
  const kinds = [...new Set(rules.map((r) => r.id.split('/')[0]!))];
  const out = [
    '# Rules',
    '',
    'Every finding names one of these rules. Generated from the rule registry by `npm run docs:rules`;',
    '`migrate rules` prints the same list (`--json` for tools).',
    '',
  ];
  for (const kind of kinds) {
    out.push(`## ${kind}`, '', '| Rule | Severity | Confidence | What it means | What to do |', '| --- | --- | --- | --- | --- |');
    for (const r of rules.filter((x) => x.id.startsWith(`${kind}/`))) out.push(`| \`${r.id}\` | ${r.severity} | ${r.confidence} | ${cell(r.description)} | ${cell(r.remediation)} |`);
    out.push('');
  }
  return out.join('\n');
}

/** The rule as SARIF's help.markdown shows it under an alert. */
export function ruleHelpMarkdown(r: RuleMeta): string {
  return `**${r.id}** (${r.severity}, ${r.confidence} confidence)\n\n${r.description}\n\n**What to do:** ${r.remediation}`;
}
