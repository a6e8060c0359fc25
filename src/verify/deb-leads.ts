/**
 * What verify needs to know about the .deb installs generate disabled: which Alpine scripts and
 * Dockerfiles hold them (their TODO lines) and what each named .deb of the repository installs,
 * read with the project's own .deb reader, or null when the checkout holds only a Git LFS pointer.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { debInflateLimit, readDeb } from '../deb/read.js';
import { disabledDebInstalls } from '../generate/todo-line.js';
import type { FileRecord } from '../scan/result.js';
import { isAlpineFile } from './report.js';
import { DEFAULT_MAX_BLOB_SIZE } from '../scan/scanner.js';

const MAX_TEXT = 1 << 20;

export interface DebEvidence {
  disabledDebs: Map<string, { line: number; debs: string[] }[]>;
  debPayloads: Map<string, string[] | null>;
}

export async function debEvidence(dir: string, files: readonly FileRecord[]): Promise<DebEvidence> {
  const disabledDebs = new Map<string, { line: number; debs: string[] }[]>();
  for (const f of files) {
    if ((f.kind !== 'shell' && f.kind !== 'dockerfile') || !isAlpineFile(f.file) || (f.size ?? 0) > MAX_TEXT) continue;
    const todos = disabledDebInstalls(readFileSync(join(dir, f.file), 'utf8'));
    if (todos.length) disabledDebs.set(f.file, todos);
  }
  const named = new Set([...disabledDebs.values()].flat().flatMap((t) => t.debs));
  const debPayloads = new Map<string, string[] | null>();
  for (const f of files) {
    const base = posix.basename(f.file);
    if (!named.has(base) || (f.kind !== 'deb' && f.kind !== 'lfs-pointer')) continue;
    if (f.kind === 'lfs-pointer') {
      debPayloads.set(base, null);
      continue;
    }
    const path = join(dir, f.file);
    // Read whole, as scan reads a .deb, and only below scan's own limit (above it scan gave a finding).
    if (!lstatSync(path).isFile() || lstatSync(path).size > DEFAULT_MAX_BLOB_SIZE) continue;
    const bytes = readFileSync(path);
    const deb = await readDeb(bytes, { inflateLimit: debInflateLimit(bytes) });
    const paths = deb.files.map((x) => x.path);
    // Two packages of one base name: what either installs.
    const known = debPayloads.get(base);
    debPayloads.set(base, known === null ? null : [...(known ?? []), ...paths]);
  }
  return { disabledDebs, debPayloads };
}
