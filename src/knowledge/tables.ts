/**
 * The schema of every tab-separated table in mappings/, and the one reader that holds each row to
 * it. A bad row (a missing column, a severity that is not one, a pattern that does not compile) is
 * refused with its file:line, so a bad edit fails the first command that reads the table, and the
 * contract test, instead of changing an answer silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { mappingsDir } from '../paths.js';

export class MappingFileError extends Error {}

type ColumnType = 'word' | 'text' | 'any' | 'regex' | 'glob' | 'int' | 'list' | 'rule';

export interface Column {
  name: string;
  type: ColumnType;
  /** Allowed values (an enum), `-` included when it is allowed. */
  values?: readonly string[];
  /** The column may be missing from the end of the row (or be empty). */
  optional?: boolean;
  /** `-` stands for "none" in this column. */
  dash?: boolean;
}

export interface TableSchema {
  columns: Column[];
  /** The first column names each row once. */
  unique?: boolean;
}

const SEVERITIES = ['error', 'warning', 'info'] as const;
const c = (name: string, type: ColumnType, more: Omit<Column, 'name' | 'type'> = {}): Column => ({ name, type, ...more });

/** File name in mappings/ -> its schema. A table not listed here is an error to read. */
export const TABLES: Record<string, TableSchema> = {
  'alpine-base.tsv': { columns: [c('package', 'word'), c('when', 'word', { values: ['rootfs', 'bash', 'timers', 'paths', 'services'] }), c('why', 'text')] },
  'alpine-groups.tsv': { unique: true, columns: [c('group', 'word'), c('gid', 'int')] },
  'alpine-users.tsv': { unique: true, columns: [c('user', 'word'), c('uid', 'int'), c('shell', 'word')] },
  'alpine-rootfs-commands.tsv': { columns: [c('command', 'word'), c('path', 'word')] },
  'alpine-minirootfs.tsv': { columns: [c('release', 'word'), c('version', 'word'), c('arch', 'word'), c('sha256', 'word'), c('sha512', 'word')] },
  'alpine-releases.tsv': { unique: true, columns: [c('release', 'word'), c('released', 'word'), c('end of support', 'word'), c('source', 'word', { values: ['listed', 'estimate'] })] },
  'applet-providers.tsv': { unique: true, columns: [c('package', 'word'), c('why', 'text')] },
  'busybox-applets.tsv': { unique: true, columns: [c('applet', 'word'), c('short options', 'word', { dash: true }), c('long options', 'word', { dash: true })] },
  'busybox-gnu.tsv': { unique: true, columns: [c('command', 'word'), c('package', 'word', { dash: true }), c('kind', 'word', { values: ['applet', 'missing', 'words'] })] },
  'busybox-short-options.tsv': { unique: true, columns: [c('applet', 'word'), c('undocumented letters', 'word')] },
  'busybox-long-options.tsv': { columns: [c('applet', 'word'), c('option', 'word'), c('accepted', 'word', { values: ['yes', 'no'] })] },
  'config-rules.tsv': {
    unique: true,
    columns: [c('rule', 'rule'), c('files', 'word'), c('line', 'regex'), c('severity', 'word', { values: SEVERITIES }), c('confidence', 'word', { values: ['high', 'medium', 'low'] }), c('description', 'text'), c('remediation', 'text'), c('installs with', 'word', { optional: true })],
  },
  'deb-arches.tsv': { unique: true, columns: [c('debian arch', 'word'), c('alpine arch', 'word'), c('multiarch tuple', 'word', { dash: true }), c('bits', 'int', { dash: true })] },
  'debian-capabilities.tsv': { unique: true, columns: [c('debian package', 'word'), c('capabilities', 'list')] },
  'debian-commands.tsv': {
    columns: [c('command', 'word'), c('arguments', 'regex', { dash: true }), c('rule', 'rule'), c('severity', 'word', { values: SEVERITIES }), c('alpine', 'text', { dash: true }), c('why', 'text'), c('generate', 'word', { values: ['replace', 'drop', 'todo'] })],
  },
  'debian-variables.tsv': { unique: true, columns: [c('variable', 'regex'), c('read by', 'text')] },
  'debian-groups.tsv': { unique: true, columns: [c('group', 'word'), c('action', 'word', { values: ['map', 'drop', 'create'] }), c('alpine group', 'any'), c('why', 'text')] },
  'debian-only-paths.tsv': { columns: [c('pattern', 'glob'), c('why', 'text'), c('rule', 'rule', { optional: true }), c('severity', 'word', { values: SEVERITIES, optional: true })] },
  'debian-renames.tsv': { unique: true, columns: [c('id', 'word'), c('pattern', 'regex'), c('debian 12 name', 'text'), c('note', 'text')] },
  'debian-units.tsv': { unique: true, columns: [c('unit', 'word'), c('command', 'text'), c('alpine package', 'word'), c('debian package', 'word')] },
  'docker-platforms.tsv': { unique: true, columns: [c('platform', 'word'), c('alpine arch', 'word')] },
  'gcompat-unmeasured.tsv': { columns: [c('match', 'word', { values: ['prefix', 'name'] }), c('value', 'word')] },
  'elf-machines.tsv': { unique: true, columns: [c('e_machine', 'int'), c('name', 'word'), c('copy relocation', 'int', { dash: true }), c('irelative relocation', 'int', { dash: true })] },
  'shells.tsv': { unique: true, columns: [c('name', 'word'), c('language', 'word', { values: ['posix', 'bash', 'other'] })] },
  'getty-units.tsv': { unique: true, columns: [c('template unit', 'word'), c('inittab line', 'text')] },
  'musl-abi.tsv': { columns: [c('kind', 'word', { values: ['reserved', 'lfs64', 'lfs64-alias'] }), c('names', 'list'), c('alias', 'word', { optional: true })] },
  'naming-rules.tsv': { unique: true, columns: [c('id', 'word'), c('pattern', 'regex'), c('candidates', 'list'), c('kind', 'word'), c('note', 'text'), c('traits', 'word', { dash: true })] },
  'openrc-boot.tsv': { unique: true, columns: [c('service', 'word'), c('runlevel', 'word', { values: ['sysinit', 'boot', 'default', 'shutdown'] }), c('package', 'word'), c('when', 'word', { values: ['rootfs', 'timers', 'paths'] })] },
  'openrc-releases.tsv': { columns: [c('kind', 'word', { values: ['release', 'feature'] }), c('name', 'word'), c('version', 'word'), c('note', 'text', { optional: true })] },
  'openrc-virtuals.tsv': { unique: true, columns: [c('virtual', 'word'), c('services', 'list')] },
  'packages.tsv': { unique: true, columns: [c('debian', 'word'), c('kind', 'word'), c('alpine', 'text'), c('confidence', 'word'), c('note', 'text')] },
  'pam-limits.tsv': { unique: true, columns: [c('item', 'word'), c('ulimit flag', 'word'), c('value', 'word')] },
  'systemctl-openrc.tsv': { unique: true, columns: [c('verb', 'word'), c('openrc form', 'text', { dash: true }), c('not kept', 'any', { optional: true })] },
  'systemd-directives.tsv': {
    columns: [c('unit type', 'word', { values: ['service', 'timer', 'path', 'mount'] }), c('directive', 'word'), c('fate', 'word', { values: ['converted', 'approximated', 'dropped'] }), c('becomes', 'text')],
  },
  'systemd-limits.tsv': { unique: true, columns: [c('directive', 'word'), c('ulimit flag', 'word')] },
  'systemd-targets.tsv': { unique: true, columns: [c('unit', 'word'), c('openrc', 'word', { dash: true }), c('runlevel', 'word', { dash: true }), c('note', 'any', { optional: true })] },
  'systemd-unsupported.tsv': { unique: true, columns: [c('directive', 'word'), c('severity', 'word', { values: SEVERITIES }), c('remedy', 'text')] },
};

export interface TableRow {
  cells: string[];
  line: number;
}

function check(col: Column, value: string, where: string): void {
  const bad = (what: string) => new MappingFileError(`${where}: column "${col.name}" ${what}`);
  if (col.dash && value === '-') return;
  if (col.values && !col.values.includes(value)) throw bad(`is "${value}", not one of ${col.values.join(', ')}`);
  switch (col.type) {
    case 'any':
      return;
    case 'word':
    case 'rule':
      if (!/^\S+$/.test(value)) throw bad(`must be one word, found "${value}"`);
      if (col.type === 'rule' && !/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/.test(value)) throw bad(`must be a rule id (kind/kebab-name), found "${value}"`);
      return;
    case 'text':
    case 'list':
      if (!value.trim()) throw bad('is empty');
      return;
    case 'int':
      if (!/^\d+$/.test(value)) throw bad(`must be a whole number, found "${value}"`);
      return;
    case 'regex':
      try {
        new RegExp(value);
      } catch {
        throw bad(`is not a valid regular expression: ${value}`);
      }
      return;
    case 'glob':
      if (!value.startsWith('/')) throw bad(`must be an absolute path glob, found "${value}"`);
      picomatch(value);
      return;
  }
}

const cache = new Map<string, TableRow[]>();

/**
 * The rows of mappings/`file`, each held to its schema: blank lines and `#` comments are skipped,
 * a Windows line end is tolerated, every other line is split on tabs.
 */
export function readTable(file: string, dir?: string): TableRow[] {
  const hit = dir === undefined ? cache.get(file) : undefined;
  if (hit) return hit;
  const schema = TABLES[file];
  if (!schema) throw new MappingFileError(`mappings/${file} has no schema: add it to TABLES in src/knowledge/tables.ts`);
  const required = schema.columns.filter((col) => !col.optional).length;
  const rows: TableRow[] = [];
  const seen = new Set<string>();
  readFileSync(join(dir ?? mappingsDir(), file), 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const text = raw.replace(/\r$/, '');
      if (!text.trim() || text.startsWith('#')) return;
      const where = `mappings/${file}:${i + 1}`;
      const cells = text.split('\t');
      if (cells.length < required || cells.length > schema.columns.length) {
        const names = schema.columns.map((col) => col.name + (col.optional ? '?' : '')).join(', ');
        throw new MappingFileError(`${where}: expected ${required === schema.columns.length ? required : `${required} to ${schema.columns.length}`} tab-separated columns (${names}), found ${cells.length}`);
      }
      cells.forEach((v, k) => {
        const col = schema.columns[k]!;
        if (!(col.optional && v === '')) check(col, v, where);
      });
      if (schema.unique) {
        if (seen.has(cells[0]!)) throw new MappingFileError(`${where}: ${cells[0]} is listed twice`);
        seen.add(cells[0]!);
      }
      rows.push({ cells, line: i + 1 });
    });
  if (dir === undefined) cache.set(file, rows);
  return rows;
}
