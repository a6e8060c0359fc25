/**
 * The one reader of the tab-separated tables in mappings/: blank lines and `#` comments are
 * skipped, a Windows line end is tolerated, every other line is split on tabs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mappingsDir } from '../paths.js';

export function mappingRows(file: string): string[][] {
  return readFileSync(join(mappingsDir(), file), 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}
