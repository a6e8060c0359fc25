/**
 * Writes generated files under a root, keeping anything a person wrote or edited: a file is
 * replaced only when it carries migrate's header and its content still matches the checksum
 * (or, edited, with --force). A file without the header and files the scan read as sources are never written.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ownership, type GeneratedFile } from '../generate/header.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'kept-edited' | 'kept-not-generated' | 'refused-source';

export interface WriteReport {
  path: string;
  outcome: WriteOutcome;
}

export function planWrite(root: string, file: GeneratedFile, sources: Set<string>, force: boolean): WriteOutcome {
  if (sources.has(file.path)) return 'refused-source';
  const target = join(root, file.path);
  if (!existsSync(target)) return 'created';
  const existing = readFileSync(target, 'utf8');
  if (existing === file.content) return 'unchanged';
  const own = ownership(existing);
  // --force replaces a generated file someone edited; a file migrate never wrote is never replaced.
  if (own === 'generated-unchanged' || (force && own === 'generated-edited')) return 'updated';
  return own === 'generated-edited' ? 'kept-edited' : 'kept-not-generated';
}

export function writeGenerated(root: string, files: GeneratedFile[], opts: { sources: Set<string>; force: boolean; dryRun: boolean }): WriteReport[] {
  return files.map((file) => {
    const outcome = planWrite(root, file, opts.sources, opts.force);
    if (!opts.dryRun && (outcome === 'created' || outcome === 'updated')) {
      const target = join(root, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      chmodSync(target, file.mode);
    }
    return { path: file.path, outcome };
  });
}
