import { closeSync, openSync } from 'node:fs';
import { FileView } from '../../elf/file-view.js';
import { ElfError, parseElf, type ElfInfo } from '../../elf/parse.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type Extraction, type SourceFile } from '../types.js';
import { corruptElf } from './rules.js';

/** The file's ELF facts: from its bytes when the scan has them, else read by offset from disk. */
function infoOf(file: SourceFile): ElfInfo {
  if (file.bytes || !file.absolute) return parseElf(file.bytes ?? Buffer.alloc(0));
  const fd = openSync(file.absolute, 'r');
  try {
    return parseElf(new FileView(fd, file.size));
  } finally {
    closeSync(fd);
  }
}

export function extractElf(file: SourceFile): Extraction {
  const out = emptyExtraction();
  try {
    out.binaries.push({ file: file.path, inner: null, info: infoOf(file) });
  } catch (err) {
    // A RangeError: the file shrank between the scan's look at it and this read.
    if (!(err instanceof ElfError) && !(err instanceof RangeError)) throw err;
    out.findings.push(findingOf(corruptElf, { file: file.path, line: null, message: `${file.path}: ${err.message}.`, subject: file.path }));
  }
  return out;
}
