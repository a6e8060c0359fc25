/**
 * Reads the curated text files in mappings/ (tab-separated, `#` comments) into rows, with the line
 * each came from, and refuses malformed lines with file:line, so a bad edit fails `db build`.
 */
import { MappingFileError, readTable } from '../knowledge/tables.js';

export const MAPPING_KINDS = ['same', 'renamed', 'split', 'merged', 'dropped', 'none'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];
export const CONFIDENCES = ['high', 'medium', 'low'] as const;
export type Level = (typeof CONFIDENCES)[number];

export interface CuratedMapping {
  debian: string;
  kind: MappingKind;
  alpine: string[];
  confidence: Level;
  note: string;
  line: number;
}

export const RULE_TRAITS = ['same-name', 'convention', 'versioned'] as const;
export type RuleTrait = (typeof RULE_TRAITS)[number];

export interface NamingRule {
  id: string;
  pattern: string;
  candidates: string[];
  kind: MappingKind;
  note: string;
  traits: RuleTrait[];
}

export { MappingFileError };

const rows = readTable;

/** Debian policy 5.6.1: lower case letters, digits, + - . ; at least two characters. */
export const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const ALPINE_NAME = /^((so|cmd|pc):[A-Za-z0-9_+.@/-]+|[a-z0-9][a-z0-9_+.-]*)$/;

export function readCuratedMappings(file = 'packages.tsv'): CuratedMapping[] {
  const seen = new Set<string>();
  return rows(file).map(({ cells, line }) => {
    const where = `mappings/${file}:${line}`;
    const [debian, kind, alpine, confidence, note] = cells;
    if (cells.length !== 5) throw new MappingFileError(`${where}: expected 5 tab-separated columns (debian, kind, alpine, confidence, note), found ${cells.length}`);
    if (!DEBIAN_NAME.test(debian!)) throw new MappingFileError(`${where}: "${debian}" is not a Debian package name`);
    if (seen.has(debian!)) throw new MappingFileError(`${where}: ${debian} is listed twice`);
    seen.add(debian!);
    if (!MAPPING_KINDS.includes(kind as MappingKind)) throw new MappingFileError(`${where}: kind "${kind}" is not one of ${MAPPING_KINDS.join(', ')}`);
    if (!CONFIDENCES.includes(confidence as Level)) throw new MappingFileError(`${where}: confidence "${confidence}" is not high, medium or low`);
    const names = alpine === '-' ? [] : alpine!.split(' ').filter(Boolean);
    for (const n of names) if (!ALPINE_NAME.test(n)) throw new MappingFileError(`${where}: "${n}" is not an Alpine package name or capability`);
    const empty = kind === 'dropped' || kind === 'none';
    if (empty !== (names.length === 0)) throw new MappingFileError(`${where}: kind ${kind} ${empty ? 'takes "-" as its Alpine names' : 'needs at least one Alpine name'}`);
    if (kind === 'same' && (names.length !== 1 || names[0] !== debian)) throw new MappingFileError(`${where}: kind same needs the one Alpine name ${debian}`);
    if (!note!.trim()) throw new MappingFileError(`${where}: say why in the note column`);
    return { debian: debian!, kind: kind as MappingKind, alpine: names, confidence: confidence as Level, note: note!.trim(), line };
  });
}

export function readNamingRules(file = 'naming-rules.tsv'): NamingRule[] {
  return rows(file).map(({ cells, line }) => {
    const where = `mappings/${file}:${line}`;
    const [id, pattern, candidates, kind, note, traitCell] = cells;
    if (cells.length !== 6) throw new MappingFileError(`${where}: expected 6 columns (id, pattern, candidates, kind, note, traits)`);
    const traits = traitCell === '-' ? [] : traitCell!.split(',');
    for (const t of traits) if (!RULE_TRAITS.includes(t as RuleTrait)) throw new MappingFileError(`${where}: trait "${t}" is not one of ${RULE_TRAITS.join(', ')}`);
    if (!/^[a-z0-9-]+$/.test(id!)) throw new MappingFileError(`${where}: rule id "${id}" must be kebab-case`);
    try {
      new RegExp(pattern!);
    } catch {
      throw new MappingFileError(`${where}: pattern ${pattern} is not a valid regular expression`);
    }
    if (!MAPPING_KINDS.includes(kind as MappingKind)) throw new MappingFileError(`${where}: kind "${kind}" is not one of ${MAPPING_KINDS.join(', ')}`);
    return { id: id!, pattern: pattern!, candidates: candidates!.split(' ').filter(Boolean), kind: kind as MappingKind, note: note!.trim(), traits: traits as RuleTrait[] };
  });
}

export function readDebianCapabilities(file = 'debian-capabilities.tsv'): { debian: string; capability: string }[] {
  return rows(file).flatMap(({ cells, line }) => {
    const [debian, caps] = cells;
    if (cells.length < 2 || !DEBIAN_NAME.test(debian!)) throw new MappingFileError(`mappings/${file}:${line}: expected "debian<TAB>capability ..."`);
    return caps!.split(' ').filter(Boolean).map((capability) => {
      if (!/^(so|cmd|pc):\S+$/.test(capability)) throw new MappingFileError(`mappings/${file}:${line}: "${capability}" is not so:, cmd: or pc:`);
      return { debian: debian!, capability };
    });
  });
}

export interface DebianRename {
  id: string;
  pattern: string;
  template: string;
  note: string;
}

/** mappings/debian-renames.tsv: names Debian 12 lacks, renamed to the Debian 12 name they stand for. */
export function readDebianRenames(file = 'debian-renames.tsv'): DebianRename[] {
  return rows(file).map(({ cells, line }) => {
    const where = `mappings/${file}:${line}`;
    const [id, pattern, template, note] = cells;
    if (cells.length !== 4) throw new MappingFileError(`${where}: expected 4 columns (id, pattern, Debian 12 name, note)`);
    if (!/^[a-z0-9-]+$/.test(id!)) throw new MappingFileError(`${where}: id "${id}" must be kebab-case`);
    try {
      new RegExp(pattern!);
    } catch {
      throw new MappingFileError(`${where}: pattern ${pattern} is not a valid regular expression`);
    }
    if (!note!.trim()) throw new MappingFileError(`${where}: say why in the note column`);
    return { id: id!, pattern: pattern!, template: template!, note: note!.trim() };
  });
}
