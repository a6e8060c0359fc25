/**
 * The contract over mappings/: every table has a schema and holds to it, every rule a table names
 * is a rule of the registry, a command is judged by one table, and a bad row is refused with its
 * file:line.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { validateDefinition } from '../src/checklist/evaluate.js';
import { everyRule } from '../src/rules.js';
import { MappingFileError, readTable, TABLES } from '../src/knowledge/tables.js';

const tsv = readdirSync('mappings').filter((f) => f.endsWith('.tsv'));
const json = readdirSync('mappings').filter((f) => f.endsWith('.json'));

describe('mappings tables', () => {
  it.each(tsv)('%s has a schema, a header saying what it holds, and every row holds to the schema', (f) => {
    expect(TABLES[f], `add ${f} to TABLES in src/knowledge/tables.ts`).toBeDefined();
    expect(readFileSync(join('mappings', f), 'utf8').startsWith('#'), `${f} starts with a comment saying what it holds`).toBe(true);
    expect(readTable(f).length).toBeGreaterThan(0);
  });

  it('every schema names a table that exists', () => {
    expect(Object.keys(TABLES).filter((f) => !tsv.includes(f))).toEqual([]);
  });

  it.each(json.filter((f) => f !== 'checklist.json'))('%s holds to mappings/schemas/', (f) => {
    const schema = JSON.parse(readFileSync(join('mappings', 'schemas', f.replace(/\.json$/, '.schema.json')), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const data = JSON.parse(readFileSync(join('mappings', f), 'utf8')) as unknown;
    expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
  });

  it('checklist.json holds to the checklist definition', () => {
    expect(() => validateDefinition(JSON.parse(readFileSync('mappings/checklist.json', 'utf8')), 'mappings/checklist.json')).not.toThrow();
  });

  it('every rule a table names is a rule of the registry', () => {
    const rules = new Set(everyRule().map((r) => r.id));
    const named: string[] = [];
    for (const [file, schema] of Object.entries(TABLES)) {
      const at = schema.columns.findIndex((c) => c.type === 'rule');
      if (at < 0) continue;
      for (const row of readTable(file)) if (row.cells[at]) named.push(`${file}:${row.line} ${row.cells[at]}`);
    }
    expect(named.length).toBeGreaterThan(50);
    expect(named.filter((n) => !rules.has(n.split(' ')[1]!))).toEqual([]);
  });

  it('a command is judged by one table: debian-commands.tsv or busybox-gnu.tsv, and package managers only by verb', () => {
    const debian = new Map<string, string[]>();
    for (const { cells } of readTable('debian-commands.tsv')) debian.set(cells[0]!, [...(debian.get(cells[0]!) ?? []), cells[1]!]);
    const gnu = new Set(readTable('busybox-gnu.tsv').map((r) => r.cells[0]!));
    expect([...debian.keys()].filter((c) => gnu.has(c))).toEqual([]);
    const managers = Object.keys(JSON.parse(readFileSync('mappings/package-commands.json', 'utf8')) as object).filter((k) => k !== '$comment');
    // apt-get's install verbs are package-commands.json's; its other verbs rows of their own.
    for (const m of managers) expect(debian.get(m)?.every((args) => args !== '-') ?? true, m).toBe(true);
  });
});

describe('a bad row is refused with its file:line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-tables-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const refuse = (file: string, text: string) => {
    writeFileSync(join(dir, file), text);
    try {
      readTable(file, dir);
    } catch (err) {
      expect(err).toBeInstanceOf(MappingFileError);
      return (err as Error).message;
    }
    throw new Error(`${file} was accepted`);
  };

  it.each([
    ['shells.tsv', '# x\nsh\tposix\nbash\n', 'mappings/shells.tsv:3: expected 2 tab-separated columns (name, language), found 1'],
    ['shells.tsv', 'sh\tfish\n', 'mappings/shells.tsv:1: column "language" is "fish", not one of posix, bash, other'],
    ['shells.tsv', 'sh\tposix\nsh\tbash\n', 'mappings/shells.tsv:2: sh is listed twice'],
    ['debian-commands.tsv', 'lb\t([\tshell/debian-tool\twarning\t-\twhy\ttodo\n', 'mappings/debian-commands.tsv:1: column "arguments" is not a valid regular expression: (['],
    ['debian-commands.tsv', 'lb\t-\tDebian Tool\twarning\t-\twhy\ttodo\n', 'mappings/debian-commands.tsv:1: column "rule" must be one word, found "Debian Tool"'],
    ['debian-only-paths.tsv', 'etc/default/**\twhy\n', 'mappings/debian-only-paths.tsv:1: column "pattern" must be an absolute path glob, found "etc/default/**"'],
    ['alpine-groups.tsv', 'wheel\tten\n', 'mappings/alpine-groups.tsv:1: column "gid" must be a whole number, found "ten"'],
    ['unknown.tsv', 'a\tb\n', 'mappings/unknown.tsv has no schema: add it to TABLES in src/knowledge/tables.ts'],
  ])('%s: %j', (file, text, message) => {
    expect(refuse(file, text)).toBe(message);
  });
});
