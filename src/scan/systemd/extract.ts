import { parseUnitFile } from '../../systemd/parse.js';
import { parseExec } from '../../systemd/exec.js';
import { isShell, shellLanguage } from '../../knowledge/shells.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';
import { analyzeShell } from '../common/shell-analysis.js';
import { commandHit, pathHits, type DebianismHit } from '../common/debianisms.js';
import { execShell, installTarget, targetDependency, unitParseError } from './rules.js';

const DEPENDENCIES = new Set(['After', 'Before', 'Wants', 'Requires', 'BindsTo', 'PartOf', 'Requisite']);

/**
 * A unit file or drop-in: its entries, kept for merging and conversion after the scan, and what in
 * it is systemd's alone: the [Install] targets, dependencies on targets OpenRC lacks, Exec lines
 * run by bash, by a path Alpine keeps elsewhere, or running Debian tools (the script of a
 * `sh -c`/`bash -c` line is analysed as shell, on the directive's line).
 */
export function extractUnit(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const parsed = parseUnitFile(file.text, file.path);
  const dropIn = /\.d\/[^/]+\.conf$/.exec(file.path);
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const unit = dropIn ? file.path.split('/').at(-2)!.replace(/\.d$/, '') : base;
  out.unitFiles.push({ file: file.path, unit, dropIn: Boolean(dropIn), entries: parsed.entries });
  for (const p of parsed.problems) {
    out.findings.push(findingOf(unitParseError, { file: file.path, line: p.line, message: `${p.message}: ${p.text.slice(0, 80)}`, subject: p.text, evidence: p.text }));
  }
  const targets = ctx.knowledge.systemd.targets;
  const k = ctx.knowledge.debianisms;
  const hit = (h: DebianismHit, evidence: string) =>
    out.findings.push(findingOf(h.rule, { file: file.path, line: h.line, message: h.message, subject: h.subject, evidence, data: h.data, ...(h.severity ? { severity: h.severity } : {}) }));
  for (const e of parsed.entries) {
    const evidence = `${e.key}=${e.value}`.slice(0, 240);
    if (e.section === 'Install' && (e.key === 'WantedBy' || e.key === 'RequiredBy')) {
      for (const t of e.value.split(/\s+/).filter(Boolean)) {
        const known = targets.get(t);
        const runlevel = known?.runlevel ? `the OpenRC runlevel ${known.runlevel}` : known ? `no runlevel (${known.note})` : 'the runlevel of the service that wants it';
        out.findings.push(findingOf(installTarget, { file: file.path, line: e.line, message: `${e.key}=${t}: on OpenRC, ${runlevel}; enabled with rc-update add.`, subject: `${e.key}=${t}`, evidence, data: { target: t, runlevel: known?.runlevel ?? null } }));
      }
    } else if (e.section === 'Unit' && DEPENDENCIES.has(e.key)) {
      for (const t of e.value.split(/\s+/).filter((w) => w.endsWith('.target'))) {
        const known = targets.get(t);
        if (known?.openrc) continue; // network.target -> net: a real OpenRC dependency
        const what = known ? known.note : 'no OpenRC service of that name';
        out.findings.push(findingOf(targetDependency, { file: file.path, line: e.line, message: `${e.key}=${t}: ${what}; the dependency is dropped${known?.runlevel ? ` (the runlevel ${known.runlevel} orders it)` : ''}.`, subject: `${e.key}=${t}`, evidence, data: { target: t } }));
      }
    } else if (e.section === 'Service' && e.key.startsWith('Exec') && e.value) {
      let words: string[];
      try {
        words = parseExec(e.value).words;
      } catch {
        continue; // the converter reports the bad line
      }
      const program = words[0] ?? '';
      const name = program.slice(program.lastIndexOf('/') + 1);
      for (const h of pathHits(program, e.line, k)) hit(h, evidence);
      const tool = commandHit(name, words.slice(1), e.line, k);
      if (tool) hit(tool, evidence);
      for (const w of words.slice(1)) if (w.includes('/')) for (const h of pathHits(w, e.line, k)) hit(h, evidence);
      if (name === 'bash') out.findings.push(findingOf(execShell, { file: file.path, line: e.line, message: `${e.key} runs ${program}, which Alpine does not install by default.`, subject: `${e.key}=${program}`, evidence, data: { program } }));
      const c = words.indexOf('-c');
      if (isShell(name) && c > 0 && words[c + 1] !== undefined) {
        const script = words[c + 1]!;
        analyzeShell({ file: file.path, text: script, lineAt: () => e.line, env: new Map(), knowledge: ctx.knowledge, dialect: shellLanguage(name) === 'posix' ? 'sh' : shellLanguage(name) === 'bash' ? 'bash' : null }, out);
      }
    }
  }
  return out;
}
