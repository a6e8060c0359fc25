import { commandHit, pathHits, type DebianismHit } from '../common/debianisms.js';
import { findingOf } from '../rule-finding.js';
import { findingsCapped } from '../scan-rules.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';
import { stringLiterals } from './literals.js';
import { familyOf } from './family.js';
import { programCommand } from './rules.js';

/** A line that runs something: a literal there may be a command line (subprocess, os.system, exec, system(3), ...). */
const CALL = /\b(subprocess|check_output|check_call|Popen|os\.system|os\.popen|os\.exec\w*|run|call|system|popen|exec[lv]p?e?|spawn\w*|execSync|execFile\w*|Command|sh)\s*\(|`/;
const MAX_FINDINGS = 200;
const base = (w: string) => w.slice(w.lastIndexOf('/') + 1);


/**
 * A program in another language: its string literals checked for the commands and paths the
 * shell rules know (systemctl, halt, ss, Debian-only paths), at low confidence, since a literal
 * may be text and not a command line.
 */
export function extractProgram(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const family = familyOf(file.path, /^#!\S*?(?:env\s+)?(\w+)/.exec(file.text)?.[1] ?? null) ?? 'c';
  const k = ctx.knowledge.debianisms;
  const missing = ctx.knowledge.busybox.gnu;
  const lines = file.text.split('\n');
  const seen = new Set<string>();
  let capped = false;
  const add = (h: DebianismHit, evidence: string) => {
    if (out.findings.length >= MAX_FINDINGS) {
      capped = true;
      return;
    }
    out.findings.push(findingOf(h.rule, { file: file.path, line: h.line, message: h.message, subject: h.subject, evidence, data: h.data, confidence: 'low' }));
  };
  const literals = stringLiterals(file.text, family);
  for (const [idx, lit] of literals.entries()) {
    const evidence = (lines[lit.line - 1] ?? '').trim().slice(0, 240);
    const words = lit.text.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    for (const w of words) if (w.startsWith('/')) for (const h of pathHits(w, lit.line, k, seen)) add(h, evidence);
    // A command: the first word of a literal on a line that runs something; a bare name (an argv
    // list's first element) only when another literal follows it on the same line.
    if (!CALL.test(lines[lit.line - 1] ?? '')) continue;
    const next = literals[idx + 1];
    const args = words.length > 1 ? words.slice(1) : next && next.line === lit.line ? [next.text] : null;
    if (!args) continue;
    // `sudo systemctl kill x`: the command is the one the wrapper runs.
    let at = 0;
    while (at < words.length - 1 && ctx.knowledge.wrappers[base(words[at]!)]?.kind === 'argv') {
      at++;
      while (at < words.length - 1 && words[at]!.startsWith('-')) at++;
    }
    if (at > 0) args.splice(0, args.length, ...words.slice(at + 1));
    const name = base(words[at]!);
    const key = `${lit.line} ${name}`;
    if (seen.has(key)) continue;
    let message: string | null = null;
    let alpine: string | null = null;
    if (name === 'systemctl') [message, alpine] = [`runs systemctl ${args[0] ?? ''}: Alpine has no systemctl; on Alpine: rc-service NAME ${args[0] ?? 'ACTION'} (rc-update for enable/disable).`, 'rc-service / rc-update'];
    else {
      const tool = commandHit(name, args, lit.line, k);
      const gnu = missing.get(name);
      if (tool) [message, alpine] = [`runs ${tool.message}`, (tool.data.alpine as string | null) ?? null];
      else if (gnu?.kind === 'missing') [message, alpine] = [`runs ${name}, which Alpine does not have by default${gnu.pkg ? `; apk add ${gnu.pkg} provides it` : ''}.`, gnu.pkg];
    }
    if (!message) continue;
    seen.add(key);
    if (out.findings.length >= MAX_FINDINGS) capped = true;
    else out.findings.push(findingOf(programCommand, { file: file.path, line: lit.line, message: `${file.path} ${message}`, subject: name, evidence, data: { command: name, alpine } }));
  }
  if (capped) out.findings.push(findingOf(findingsCapped, { file: file.path, line: null, message: `${file.path} has more than ${MAX_FINDINGS} findings; the rest were not listed.`, subject: file.path, data: { limit: MAX_FINDINGS } }));
  return out;
}
