import { groupHit, pathHits, userHit, type DebianismHit } from '../common/debianisms.js';
import { findingOf } from '../rule-finding.js';
import { findingsCapped } from '../scan-rules.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';

/** At most this many findings a file: a 100,000-line apt.conf is reported, not listed. */
const MAX_FINDINGS = 500;

/**
 * A configuration file of a Debian tool: each line held to the rules whose globs name the file
 * (mappings/config-rules.tsv), and its words checked for Debian-only paths.
 */
export function extractConfig(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const rules = ctx.knowledge.configRules.filter((r) => r.matches(file.path));
  const k = ctx.knowledge.debianisms;
  const seen = new Set<string>();
  const hit = (h: DebianismHit, evidence: string) =>
    out.findings.push(findingOf(h.rule, { file: file.path, line: h.line, message: h.message, subject: h.subject, evidence, data: h.data, ...(h.severity ? { severity: h.severity } : {}), confidence: 'medium' }));
  const lines = file.text.split('\n');
  let i = 0;
  for (; i < lines.length && out.findings.length < MAX_FINDINGS; i++) {
    const text = lines[i]!;
    if (/^\s*(#|;|$)/.test(text)) continue;
    const line = i + 1;
    const evidence = text.trim().slice(0, 240);
    for (const r of rules) {
      const m = r.pattern.exec(text);
      if (!m) continue;
      const group = m.groups?.group;
      if (group !== undefined) {
        const g = groupHit(group, line, k);
        if (!g) continue;
        out.findings.push(findingOf(r.meta, { file: file.path, line, message: `${evidence}: ${g.message}`, subject: group, evidence, data: { group, ...g.data } }));
        continue;
      }
      out.findings.push(findingOf(r.meta, { file: file.path, line, message: `${evidence}: ${r.meta.description}`, subject: m[0].trim() || evidence, evidence }));
      const manager = r.installsWith;
      if (manager) {
        // A package list (live-build, pi-gen): every word of the line is installed.
        for (const name of text.replace(/#.*$/, '').trim().split(/\s+/)) {
          const m = /^([a-z0-9][a-z0-9+.-]+)(?::([a-z0-9-]+))?(?:=(\S+))?$/.exec(name);
          if (m) out.packages.push({ name: m[1]!, arch: m[2] ?? null, version: m[3] ?? null, manager, source: 'repository', file: file.path, line });
        }
      }
      if (r.meta.id === 'config/tmpfiles-entry') {
        // tmpfiles.d(5): TYPE PATH MODE USER GROUP AGE ARGUMENT; the owner must exist on Alpine too.
        const [, , , user, group] = text.trim().split(/\s+/);
        const u = user && user !== '-' ? userHit(user, line, k) : null;
        const g = group && group !== '-' ? groupHit(group, line, k) : null;
        if (u) hit(u, evidence);
        if (g) hit(g, evidence);
      }
    }
    for (const word of text.split(/[\s"'`;,()=]+/)) {
      if (!word.startsWith('/')) continue;
      for (const h of pathHits(word, line, k, seen)) hit(h, evidence);
    }
  }
  if (i < lines.length) out.findings.push(findingOf(findingsCapped, { file: file.path, line: i, message: `${file.path} has more than ${MAX_FINDINGS} findings; lines ${i + 1}-${lines.length} were not checked.`, subject: file.path, data: { limit: MAX_FINDINGS, checkedLines: i } }));
  return out;
}
