/**
 * The checklist as a pull-request comment: GitHub task lists with a hidden marker per item, so a
 * later run can read back which manual boxes a person ticked, and one marker for the comment.
 */
import type { EvaluatedChecklist } from './evaluate.js';

export const COMMENT_MARKER = '<!-- migrate:checklist -->';
/** GitHub's limit on a comment body. */
export const MAX_COMMENT = 65536;

export function renderChecklistMarkdown(c: EvaluatedChecklist, fullReportHint: string): string {
  const lines = [COMMENT_MARKER, `## ${c.title}: ${c.done}/${c.total}`, ''];
  for (const p of c.phases) {
    lines.push(`**${p.title}** (${p.done}/${p.total})`, '');
    for (const i of p.items) {
      const box = i.state === 'done' || i.state === 'manual-done' ? 'x' : ' ';
      const manual = i.state.startsWith('manual') ? ' _(manual)_' : '';
      lines.push(`- [${box}] ${i.text}${manual}: ${i.evidence.replace(/\|/g, '\\|')} <!-- migrate:item:${i.id} -->`);
    }
    lines.push('');
  }
  lines.push('<sub>Kept current by migrate checklist; tick the manual items by hand, they stay ticked.</sub>');
  let body = `${lines.join('\n')}\n`;
  if (body.length > MAX_COMMENT) {
    const note = `\n\n... shortened to fit GitHub's ${MAX_COMMENT}-character limit: ${fullReportHint}\n`;
    body = body.slice(0, MAX_COMMENT - note.length - 1).replace(/\n[^\n]*$/, '') + note;
  }
  return body;
}

/** Manual items ticked in a previous comment body ("- [x] ... <!-- migrate:item:ID -->"). */
export function tickedItems(body: string): Set<string> {
  const out = new Set<string>();
  for (const m of body.matchAll(/^- \[[xX]\] .*<!-- migrate:item:([^ ]+) -->$/gm)) out.add(m[1]!);
  return out;
}
