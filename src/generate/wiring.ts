/**
 * Wiring (pure): in every generated Alpine file, a reference to an original that has a sibling
 * points at the sibling. A repo path (`./userspace/base_setup.sh` in a COPY) becomes the sibling's
 * repo path; the file's name elsewhere (`RUN /tmp/agnos/base_setup.sh`, an OpenRC `command=`, a
 * script's `source`) becomes the sibling's name, which is where the Alpine build copies it. Names
 * are only rewritten when no other file in the repository has the same one.
 */
import { escapeRegExp } from '../regexp.js';
import { posix } from 'node:path';

export interface Renames {
  /** Original repo path -> sibling repo path. */
  paths: Map<string, string>;
  /** Original base name -> sibling base name, for names unique in the repository. */
  names: Map<string, string>;
}

export function makeRenames(renames: Map<string, string>, repoFiles: readonly string[]): Renames {
  const count = new Map<string, number>();
  for (const f of repoFiles) count.set(posix.basename(f), (count.get(posix.basename(f)) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const [from, to] of renames) {
    const b = posix.basename(from);
    if (count.get(b) === 1 && posix.basename(to) !== b) names.set(b, posix.basename(to));
  }
  return { paths: renames, names };
}


/** Rewrites the references in `text`; `notes` receives one line per kind of rewrite. */
export function wireReferences(text: string, renames: Renames, notes?: (message: string) => void): string {
  let out = text;
  for (const [from, to] of renames.paths) {
    // A repo path as written in a COPY or a build script: optional ./, whole word.
    const re = new RegExp(`(?<![\\w./-])(\\./)?${escapeRegExp(from)}(?![\\w.-])`, 'g');
    if (re.test(out)) {
      notes?.(`${from} -> ${to}`);
      out = out.replace(re, (_m, dot: string | undefined) => `${dot ?? ''}${to}`);
    }
  }
  for (const [from, to] of renames.names) {
    // The name alone or at the end of an image path: /tmp/agnos/base_setup.sh, ./comma.sh, comma.sh.
    const re = new RegExp(`(?<=^|[\\s/"'=:(])${escapeRegExp(from)}(?![\\w.-])`, 'gm');
    if (re.test(out)) {
      notes?.(`${from} -> ${to}`);
      out = out.replace(re, to);
    }
  }
  return out;
}
