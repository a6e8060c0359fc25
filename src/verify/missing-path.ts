/**
 * Why a path a step needs may be missing, when verify itself is the reason: an earlier step that
 * stopped part-way (after stubbed package commands), so the rest of its script never ran, or a
 * .deb install generate disabled under a TODO whose payload this checkout cannot show (a Git LFS
 * pointer) or shows holding that path. Each is a lead; a failing step whose missing path a lead
 * covers is unverified, with the lead as its reason. Pure: the I/O is run-build's.
 */
import { posix } from 'node:path';
import { escapeRegExp } from '../regexp.js';

/** What an earlier step leaves undone, as far as verify can tell. */
export type Lead =
  | { kind: 'unrun'; step: number; script: string; from: number; rest: string }
  | { kind: 'disabled-deb'; todo: string; deb: string; payload: string[] | null };

/** A lead that holds once a RUN runs the script it was copied in with (named by its base name). */
export interface PendingLead {
  script: string;
  lead: Lead;
}

/** The absolute path a failed command's output says is missing, or null. */
export function missingPath(output: string): string | null {
  const patterns = [
    /'(\/[^'\n]+)': No such file or directory/,
    /can't (?:open|stat|cd to|access|rename|create) '(\/[^'\n]+)'/,
    /(?:^|[\s:])(\/[^\s:'\n]+): No such file or directory/m,
  ];
  for (const re of patterns) {
    const m = re.exec(output);
    if (m) return posix.normalize(m[1]!);
  }
  return null;
}

/** Where a failed script stopped, from the shell's `FILE: line N:` message (bash), or `FILE: BUILTIN: line N:` (BusyBox ash). */
export function stoppedAt(output: string): { script: string; line: number } | null {
  const found = [...output.matchAll(/^(\/[^\s:]+|sh): (?:[\w.-]+: )?line (\d+):/gm)].at(-1);
  return found ? { script: found[1]!, line: Number(found[2]) } : null;
}

// Components every root has: naming one says nothing about who makes the path.
const COMMON = new Set(['usr', 'local', 'bin', 'sbin', 'lib', 'lib64', 'etc', 'tmp', 'var', 'opt', 'share', 'include', 'home', 'root', 'run', 'srv', 'src', 'data', 'system']);

/** The components of `path` that say what it is (not /usr, /bin, ...). */
function telling(path: string): string[] {
  return path.split('/').filter((c) => c && !COMMON.has(c) && c.length > 2);
}

/**
 * The lead that explains why `path` is missing, and how, or null. Leads with evidence for this
 * path (the unrun rest names it, the payload holds it) come before a payload nobody can see.
 */
export function explainMissing(path: string, leads: readonly Lead[]): { reason: string; cause: Lead['kind'] } | null {
  for (const lead of leads) {
    if (lead.kind === 'unrun') {
      const word = telling(path).find((c) => new RegExp(`(^|[^\\w.-])${escapeRegExp(c)}($|[^\\w.-])`, 'm').test(lead.rest));
      if (word) return { cause: 'unrun', reason: `${path} may be made by the rest of ${lead.script} from its line ${lead.from}, which names \`${word}\` and never ran (the step at line ${lead.step} is unverified)` };
    } else if (lead.payload?.some((f) => f === path || f.startsWith(`${path}/`))) {
      return { cause: 'disabled-deb', reason: `${path} comes from ${lead.deb}, whose install is disabled (TODO at ${lead.todo}): repackage it and run verify again` };
    }
  }
  const unseen = new Map<string, string>();
  // The latest first: the install nearest the failing step is the likelier source.
  for (const l of [...leads].reverse()) if (l.kind === 'disabled-deb' && l.payload === null && !unseen.has(l.deb)) unseen.set(l.deb, l.todo);
  if (!unseen.size) return null;
  const named = [...unseen].slice(0, 3).map(([deb, todo]) => `${deb} (TODO at ${todo})`).join(', ');
  const more = unseen.size > 3 ? ` and ${unseen.size - 3} more` : '';
  return { cause: 'disabled-deb', reason: `${path} may come from a .deb whose install is disabled and which is a Git LFS pointer in this checkout, so what it holds is unknown: ${named}${more}; fetch them (git lfs pull), repackage them and run verify again` };
}
