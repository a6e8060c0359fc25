/**
 * Writes generated files under a root, keeping anything a person wrote or edited: a file is
 * replaced only when it carries migrate's header and its content still matches the checksum
 * (or, edited, with --force). A file without the header and files the scan read as sources are
 * never written. Nothing is written through a symbolic link (at the file or any directory above it
 * under the root), outside the root, or into `.git/`: a repository cannot steer the writes.
 */
import { closeSync, fchmodSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, posix } from 'node:path';
import { ownership, type GeneratedFile } from '../generate/header.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged' | 'kept-edited' | 'kept-not-generated' | 'refused-source' | 'refused-link' | 'refused-path';

export interface WriteReport {
  path: string;
  outcome: WriteOutcome;
}

/** Why a relative path may not be written at all, or null: outside the root, or into .git/. */
function badPath(path: string): string | null {
  const norm = posix.normalize(path);
  if (path.startsWith('/') || norm === '..' || norm.startsWith('../') || norm !== path) return 'refused-path';
  if (norm.split('/')[0] === '.git') return 'refused-path';
  return null;
}

/** Whether the path, or a directory above it under the root, is a symbolic link (a dangling one too). */
function throughLink(root: string, path: string): boolean {
  const parts = path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const at = join(root, ...parts.slice(0, i));
    try {
      if (lstatSync(at).isSymbolicLink()) return true;
    } catch {
      return false; // the rest does not exist yet: mkdir and O_EXCL-free O_NOFOLLOW create it
    }
  }
  return false;
}

export function planWrite(root: string, file: GeneratedFile, sources: Set<string>, force: boolean): WriteOutcome {
  if (sources.has(file.path)) return 'refused-source';
  if (badPath(file.path)) return 'refused-path';
  if (throughLink(root, file.path)) return 'refused-link';
  const target = join(root, file.path);
  if (!existsSync(target)) return 'created';
  if (!lstatSync(target).isFile()) return 'kept-not-generated';
  const existing = readFileSync(target, 'utf8');
  if (existing === file.content) return 'unchanged';
  const own = ownership(existing);
  // --force replaces a generated file someone edited; a file migrate never wrote is never replaced.
  if (own === 'generated-unchanged' || (force && own === 'generated-edited')) return 'updated';
  return own === 'generated-edited' ? 'kept-edited' : 'kept-not-generated';
}

/** Makes the directories above `path`, one by one, refusing any that turns out to be a link. */
function makeParents(root: string, path: string): void {
  const parts = path.split('/').slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const at = join(root, ...parts.slice(0, i));
    if (!existsSync(at)) mkdirSync(at);
    if (lstatSync(at).isSymbolicLink()) throw new Error(`${at} became a symbolic link while writing`);
  }
}

export function writeGenerated(root: string, files: GeneratedFile[], opts: { sources: Set<string>; force: boolean; dryRun: boolean }): WriteReport[] {
  return files.map((file) => {
    const outcome = planWrite(root, file, opts.sources, opts.force);
    if (!opts.dryRun && (outcome === 'created' || outcome === 'updated')) {
      // The root is the user's own choice (the repository, or --out): made as given; below it, nothing through a link.
      mkdirSync(root, { recursive: true });
      makeParents(root, file.path);
      // O_NOFOLLOW: a link put in place since planWrite looked is refused by the kernel, not followed.
      const fd = openSync(join(root, file.path), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, file.mode);
      try {
        writeSync(fd, file.content);
        fchmodSync(fd, file.mode);
      } finally {
        closeSync(fd);
      }
    }
    return { path: file.path, outcome };
  });
}
