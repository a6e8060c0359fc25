import { debInflateLimit, readDeb } from '../../deb/read.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type Extraction, type SourceFile } from '../types.js';
import * as elfRules from '../elf/rules.js';
import * as rules from './rules.js';

/** A .deb: its control fields, payload binaries and problems. Inflating is limited to 4x its size, at least 64 MiB. */
export async function extractDeb(file: SourceFile): Promise<Extraction> {
  const out = emptyExtraction();
  const bytes = file.bytes ?? Buffer.alloc(0);
  const d = await readDeb(bytes, { inflateLimit: debInflateLimit(bytes) });
  const f = (rule: Parameters<typeof findingOf>[0], message: string, subject: string, data?: Record<string, unknown>) =>
    out.findings.push(findingOf(rule, { file: file.path, line: null, message, subject, ...(data ? { data } : {}) }));
  for (const p of d.problems) {
    if (p.kind === 'unsafe-path') f(rules.unsafePath, `${file.path}: ${p.message}.`, p.path ?? p.message, { path: p.path });
    else if (p.kind === 'bomb') f(rules.decompressionBomb, `${file.path}: ${p.message}.`, p.message);
    else if (p.kind === 'corrupt-elf') f(elfRules.corruptElf, `${file.path}:${p.path}: ${p.message}.`, p.path ?? p.message, { path: p.path });
    else f(rules.corruptArchive, `${file.path}: ${p.message}.`, p.message);
  }
  if (d.name) {
    out.debs.push({ file: file.path, name: d.name, version: d.version, arch: d.arch, depends: d.depends, preDepends: d.preDepends, provides: d.provides, conflicts: d.conflicts, scripts: d.scripts, files: d.files.length });
    f(rules.debPackage, `${file.path} is the Debian package ${d.name} ${d.version ?? ''} (${d.arch ?? '?'}) with ${d.files.length} files, ${d.elfs.length} of them ELF binaries.`, d.name, { package: d.name, version: d.version, arch: d.arch });
    if (d.scripts.length) f(rules.maintainerScripts, `${d.name} runs maintainer scripts: ${d.scripts.join(', ')}.`, d.scripts.join(' '), { scripts: d.scripts });
  }
  for (const e of d.elfs) out.binaries.push({ file: file.path, inner: e.path, info: e.info });
  return out;
}
