import { ElfError, parseElf } from '../../elf/parse.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type Extraction, type SourceFile } from '../types.js';
import { corruptElf } from './rules.js';

export function extractElf(file: SourceFile): Extraction {
  const out = emptyExtraction();
  try {
    out.binaries.push({ file: file.path, inner: null, info: parseElf(file.bytes ?? Buffer.alloc(0)) });
  } catch (err) {
    if (!(err instanceof ElfError)) throw err;
    out.findings.push(findingOf(corruptElf, { file: file.path, line: null, message: `${file.path}: ${err.message}.`, subject: file.path }));
  }
  return out;
}
