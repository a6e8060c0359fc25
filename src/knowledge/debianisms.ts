/**
 * What ties a build to Debian or Ubuntu outside its package installs, as data: commands
 * (mappings/debian-commands.tsv), paths Alpine does not have (debian-only-paths.tsv), Debian's
 * multiarch directories (deb-arches.tsv), where Alpine keeps each base command
 * (alpine-rootfs-commands.tsv) and which groups it has (alpine-groups.tsv, debian-groups.tsv).
 * Loaded once into the extractors' context.
 */
import picomatch from 'picomatch';
import type { Severity } from '../scan/result.js';
import { readTable } from './tables.js';

export interface DebianCommand {
  command: string;
  args: RegExp | null;
  rule: string;
  severity: Severity;
  alpine: string | null;
  why: string;
  /** What migrate generate writes for it: the Alpine command, nothing (`:`), or a TODO. */
  generate: 'replace' | 'drop' | 'todo';
}

export interface DebianPath {
  pattern: string;
  match: (path: string) => boolean;
  why: string;
  rule: string;
  severity: Severity;
}

export interface Debianisms {
  commands: Map<string, DebianCommand[]>;
  paths: DebianPath[];
  /** Debian multiarch tuple -> its Debian architecture (aarch64-linux-gnu -> arm64). */
  multiarch: Map<string, string>;
  /** Base command -> where Alpine's minirootfs has it (sleep -> /bin/sleep). */
  rootfsCommands: Map<string, string>;
  alpineGroups: Set<string>;
  alpineUsers: Set<string>;
  /** Variables only Debian's package tools read (debian-variables.tsv): pattern and what reads it. */
  variables: { pattern: RegExp; readBy: string }[];
  debianGroups: Map<string, { action: string; alpine: string; why: string }>;
}

export function loadDebianisms(): Debianisms {
  const commands = new Map<string, DebianCommand[]>();
  for (const { cells } of readTable('debian-commands.tsv')) {
    const [command, args, rule, severity, alpine, why, generate] = cells as [string, string, string, Severity, string, string, DebianCommand['generate']];
    const row = { command, args: args === '-' ? null : new RegExp(args), rule, severity, alpine: alpine === '-' ? null : alpine, why, generate };
    commands.set(command, [...(commands.get(command) ?? []), row]);
  }
  return {
    commands,
    paths: readTable('debian-only-paths.tsv').map(({ cells: [pattern, why, rule, severity] }) => ({
      pattern: pattern!,
      match: picomatch(pattern!, { dot: true }),
      why: why!,
      rule: rule || 'shell/debian-path',
      severity: (severity || 'warning') as Severity,
    })),
    multiarch: new Map(readTable('deb-arches.tsv').filter((r) => r.cells[2] !== '-').map(({ cells }) => [cells[2]!, cells[0]!])),
    rootfsCommands: new Map(readTable('alpine-rootfs-commands.tsv').map(({ cells }) => [cells[0]!, cells[1]!])),
    alpineGroups: new Set(readTable('alpine-groups.tsv').map(({ cells }) => cells[0]!)),
    variables: readTable('debian-variables.tsv').map(({ cells: [pattern, readBy] }) => ({ pattern: new RegExp(pattern!), readBy: readBy! })),
    alpineUsers: new Set(readTable('alpine-users.tsv').map(({ cells }) => cells[0]!)),
    debianGroups: new Map(readTable('debian-groups.tsv').map(({ cells: [g, action, alpine, why] }) => [g!, { action: action!, alpine: alpine ?? '', why: why! }])),
  };
}
