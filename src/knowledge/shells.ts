/**
 * The shells a script can be run by (mappings/shells.tsv), one list for the classifier, the shell
 * walker (bash -c, curl | sh), Dockerfile RUN bodies and unit Exec lines.
 */
import { readTable } from './tables.js';

let table: Map<string, 'posix' | 'bash' | 'other'> | undefined;

function shells(): Map<string, 'posix' | 'bash' | 'other'> {
  table ??= new Map(readTable('shells.tsv').map(({ cells: [name, lang] }) => [name!, lang as 'posix' | 'bash' | 'other']));
  return table;
}

/** Whether `name` (a base name: bash, sh, dash) is a shell. */
export function isShell(name: string): boolean {
  return shells().has(name);
}

/** The language a shell speaks, or null for a program that is not one. */
export function shellLanguage(name: string): 'posix' | 'bash' | 'other' | null {
  return shells().get(name) ?? null;
}
