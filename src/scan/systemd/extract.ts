import { parseUnitFile } from '../../systemd/parse.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type Extraction, type SourceFile } from '../types.js';
import { unitParseError } from './rules.js';

/** A unit file or drop-in: its entries, kept for merging and conversion after the scan. */
export function extractUnit(file: SourceFile): Extraction {
  const out = emptyExtraction();
  const parsed = parseUnitFile(file.text, file.path);
  const dropIn = /\.d\/[^/]+\.conf$/.exec(file.path);
  const base = file.path.slice(file.path.lastIndexOf('/') + 1);
  const unit = dropIn ? file.path.split('/').at(-2)!.replace(/\.d$/, '') : base;
  out.unitFiles.push({ file: file.path, unit, dropIn: Boolean(dropIn), entries: parsed.entries });
  for (const p of parsed.problems) {
    out.findings.push(findingOf(unitParseError, { file: file.path, line: p.line, message: `${p.message}: ${p.text.slice(0, 80)}`, subject: p.text, evidence: p.text }));
  }
  return out;
}
