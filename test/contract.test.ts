import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../src/scan/registry.js';
import { everyRule } from '../src/rules.js';
import { renderRulesMarkdown } from '../src/report/rules-doc.js';

// Every extractor is a folder with a readme naming its rules; every rule is documented and tested.
const testText = readdirSync('test', { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(join('test', f), 'utf8'))
  .join('\n');
const rulesDoc = readFileSync('docs/rules.md', 'utf8');

describe('registry contract', () => {
  it.each(EXTRACTORS.map((e) => [e.name, e] as const))('%s extractor has a readme listing its rules', (kind, e) => {
    const path = join('src/scan', kind, 'readme.md');
    expect(existsSync(path), `${path} is missing`).toBe(true);
    const text = readFileSync(path, 'utf8');
    // An extractor also raises the rules of the shell code it contains; those are documented once, in shell/.
    // The shell extractor also owns the busybox/ rules (they judge shell commands).
    const own = e.rules.filter((r) => r.id.startsWith(`${kind}/`) || (kind === 'shell' && r.id.startsWith('busybox/')));
    expect(own.length).toBeGreaterThan(0);
    expect(e.rules.every((r) => r.id.startsWith(`${kind}/`) || r.id.startsWith('shell/') || r.id.startsWith('busybox/'))).toBe(true);
    const missing = own.filter((r) => !text.includes(`\`${r.id}\``)).map((r) => r.id);
    expect(missing, `${path} does not list these rules`).toEqual([]);
  });

  it('docs/rules.md is what the registry renders (npm run docs:rules)', () => {
    expect(rulesDoc).toBe(renderRulesMarkdown(everyRule()));
  });

  it.each(everyRule().map((r) => [r.id, r] as const))('rule %s is well-formed, tested and in docs/rules.md', (id, r) => {
    expect(id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(r.description.length).toBeGreaterThan(10);
    expect(r.remediation.length).toBeGreaterThan(10);
    expect(testText.includes(`'${id}`) || testText.includes(`${id}@`) || testText.includes(`${id} `), `no test names ${id}`).toBe(true);
    expect(rulesDoc.includes(`\`${id}\``), `docs/rules.md does not document ${id}`).toBe(true);
  });
});

describe('generated-file templates', () => {
  // A value in a `#` comment of a generated script must pass through oneLine (commentSafe): a line
  // break from a path or control field would end the comment and run the rest as a command.
  const scripts = readdirSync('templates').filter((f) => f.endsWith('.hbs') && !/report/.test(f));
  it.each(scripts)('%s puts repository text in comments only through oneLine', (name) => {
    const bad = readFileSync(join('templates', name), 'utf8')
      .split('\n')
      .filter((l) => /^\s*#/.test(l))
      .flatMap((l) => [...l.matchAll(/\{\{(?![!#/]|oneLine |header\}\})[^}]*\}\}/g)].map((m) => m[0]));
    expect(bad).toEqual([]);
  });
});
