/**
 * Handlebars environments. Text outputs (Markdown, scripts) have HTML escaping off, since it would
 * corrupt `&&` and quotes, and `strict` on, so a missing field fails a test instead of leaving a
 * blank in a shipped file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { templatesDir } from '../paths.js';
import { commentSafe } from '../convert/shell-quote.js';

const text = Handlebars.create();
// `# {{oneLine x}}`: repository text in a comment of a generated script stays on its line (a line
// break would end the comment and run the rest). Every `#` line of a template uses it; the contract
// test checks that.
text.registerHelper('oneLine', (value: unknown) => commentSafe(String(value)));
const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderTextTemplate(name: string, data: unknown): string {
  let template = compiled.get(name);
  if (!template) {
    const path = join(templatesDir(), name);
    try {
      template = text.compile(readFileSync(path, 'utf8'), { noEscape: true, strict: true });
    } catch (cause) {
      throw new Error(`loading template ${path}`, { cause });
    }
    compiled.set(name, template);
  }
  return template(data);
}

/**
 * The HTML environment: escaping on, since evidence and messages come from the scanned repository
 * and must never become markup; strict, as for text.
 */
const html = Handlebars.create();
// {{code x}}: repository text escaped first, then its `backtick` spans set as <code>, the one piece
// of Markdown that messages and remedies carry.
// (escapeExpression also escapes the backtick, so the spans are found before, each piece escaped.)
html.registerHelper('code', (value: unknown) =>
  new html.SafeString(String(value ?? '').split(/`([^`\n]+)`/).map((piece, i) => (i % 2 ? `<code>${html.escapeExpression(piece)}</code>` : html.escapeExpression(piece))).join('')));
const compiledHtml = new Map<string, HandlebarsTemplateDelegate>();

export function renderHtmlTemplate(name: string, data: unknown): string {
  let template = compiledHtml.get(name);
  if (!template) {
    const path = join(templatesDir(), name);
    try {
      template = html.compile(readFileSync(path, 'utf8'), { strict: true });
    } catch (cause) {
      throw new Error(`loading template ${path}`, { cause });
    }
    compiledHtml.set(name, template);
  }
  return template(data);
}
