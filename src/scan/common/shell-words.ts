/**
 * Static expansion of shell words: what a word evaluates to when every variable it uses was
 * assigned a literal earlier in the same file. Anything that depends on run time (command
 * substitution, an unknown variable, arithmetic, positional parameters) makes the word unresolved,
 * with a reason, so callers can report it instead of guessing.
 *
 * Every character of a resolved string carries the source line it came from, so a package named in
 * a multi-line variable is reported at the line where it is written.
 */
import type { Node } from './shell-parser.js';
import { append } from '../../append.js';

/** A string whose every character knows its source line. */
export interface Str {
  text: string;
  lines: number[];
}

export type VarValue =
  | { kind: 'scalar'; value: Str }
  | { kind: 'array'; values: Str[] }
  /** A `for` loop variable: each use stands for every value in turn. */
  | { kind: 'loop'; values: Str[] }
  | { kind: 'unknown'; reason: string };

export type Env = Map<string, VarValue>;

/** A resolved word: zero or more fields (after field splitting), or the reason it cannot be resolved. */
export type Resolved = { ok: true; fields: Str[] } | { ok: false; reason: string };

/** Maps an offset in the parsed text to a 1-based line in the scanned file. */
export type LineAt = (offset: number) => number;

export function str(text: string, line: number): Str {
  return { text, lines: new Array<number>(text.length).fill(line) };
}

/** The line only changes after a newline, so `lineAt` (a binary search or a table) is asked once per line. */
export function strFrom(text: string, offset: number, lineAt: LineAt): Str {
  const lines = new Array<number>(text.length);
  let line = lineAt(offset);
  for (let i = 0; i < text.length; i++) {
    lines[i] = line;
    if (text.charCodeAt(i) === 10 && i + 1 < text.length) line = lineAt(offset + i + 1);
  }
  return { text, lines };
}

function concat(a: Str, b: Str): Str {
  return { text: a.text + b.text, lines: a.lines.concat(b.lines) };
}

/** All of `parts` as one Str, copied once. */
function join(parts: Str[]): Str {
  if (parts.length === 1) return parts[0]!;
  const lines: number[] = [];
  for (const p of parts) append(lines, p.lines);
  return { text: parts.map((p) => p.text).join(''), lines };
}

function slice(s: Str, start: number, end: number): Str {
  return { text: s.text.slice(start, end), lines: s.lines.slice(start, end) };
}

/** A piece of a word before field splitting: quoted pieces never split, unquoted expansions do. */
interface Piece {
  value: Str;
  split: boolean;
  /** Array expansion in double quotes ("${A[@]}"): each element is its own field. */
  fields?: Str[];
}

type PieceResult = { ok: true; pieces: Piece[] } | { ok: false; reason: string };

const IFS = /[ \t\n]+/;

function unescapeUnquoted(s: Str): Str {
  let text = '';
  const lines: number[] = [];
  for (let i = 0; i < s.text.length; i++) {
    const c = s.text[i]!;
    if (c === '\\' && i + 1 < s.text.length) {
      i++;
      if (s.text[i] === '\n') continue; // line continuation
      text += s.text[i];
      lines.push(s.lines[i]!);
      continue;
    }
    text += c;
    lines.push(s.lines[i]!);
  }
  return { text, lines };
}

/** Inside double quotes a backslash escapes only $ ` " \ and newline (POSIX 2.2.3). */
function unescapeDoubleQuoted(s: Str): Str {
  let text = '';
  const lines: number[] = [];
  for (let i = 0; i < s.text.length; i++) {
    const c = s.text[i]!;
    const next = s.text[i + 1];
    if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      i++;
      if (next === '\n') continue;
      text += next;
      lines.push(s.lines[i]!);
      continue;
    }
    text += c;
    lines.push(s.lines[i]!);
  }
  return { text, lines };
}

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

function unescapeAnsiC(s: Str): Str {
  let text = '';
  const lines: number[] = [];
  for (let i = 0; i < s.text.length; i++) {
    const c = s.text[i]!;
    if (c === '\\' && i + 1 < s.text.length) {
      const mapped = ANSI_ESCAPES[s.text[i + 1]!];
      if (mapped !== undefined) {
        text += mapped;
        lines.push(s.lines[i]!);
        i++;
        continue;
      }
    }
    text += c;
    lines.push(s.lines[i]!);
  }
  return { text, lines };
}

function nodeStr(node: Node, lineAt: LineAt): Str {
  return strFrom(node.text, node.startIndex, lineAt);
}

const EXPANSION = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(\[(?:[@*]|[0-9]+)\])?(?:(:?[-=])([^$`]*))?\}$/s;

function lookup(env: Env, name: string, index: string | undefined, quoted: boolean, at: Str): PieceResult {
  const v = env.get(name);
  if (!v) return { ok: false, reason: `variable $${name} is not set in this file` };
  if (v.kind === 'unknown') return { ok: false, reason: v.reason };
  if (v.kind === 'loop') return { ok: true, pieces: [{ value: str('', at.lines[0] ?? 0), split: false, fields: v.values }] };
  if (v.kind === 'scalar') {
    if (index && index !== '[0]' && index !== '[@]' && index !== '[*]') return { ok: true, pieces: [] };
    return { ok: true, pieces: [{ value: v.value, split: !quoted }] };
  }
  if (index === '[@]' || (index === '[*]' && !quoted)) {
    if (quoted) return { ok: true, pieces: [{ value: str('', at.lines[0] ?? 0), split: false, fields: v.values }] };
    return { ok: true, pieces: v.values.map((value) => ({ value: concat(value, str(' ', value.lines[0] ?? 0)), split: true })) };
  }
  if (index === '[*]') {
    const joined = v.values.reduce((acc, x, i) => (i === 0 ? x : concat(concat(acc, str(' ', x.lines[0] ?? 0)), x)), str('', 0));
    return { ok: true, pieces: [{ value: joined, split: false }] };
  }
  const i = index ? Number(index.slice(1, -1)) : 0;
  const el = v.values[i];
  return { ok: true, pieces: el ? [{ value: el, split: !quoted }] : [] };
}

function expansionPieces(node: Node, env: Env, lineAt: LineAt, quoted: boolean): PieceResult {
  const m = EXPANSION.exec(node.text);
  if (!m) return { ok: false, reason: `expansion ${node.text} is computed at run time` };
  const [, name, index, op, word] = m;
  const found = lookup(env, name!, index, quoted, nodeStr(node, lineAt));
  if (found.ok || op === undefined) return found;
  // ${X:-default} with X unknown: the default is only what runs when X is unset, so say so.
  const v = env.get(name!);
  if (v === undefined) return { ok: true, pieces: [{ value: str(word ?? '', lineAt(node.startIndex)), split: !quoted }] };
  return found;
}

function simpleExpansionPieces(node: Node, env: Env, lineAt: LineAt, quoted: boolean): PieceResult {
  const name = node.text.slice(1);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return { ok: false, reason: `${node.text} is only known at run time` };
  }
  return lookup(env, name, undefined, quoted, nodeStr(node, lineAt));
}

/** Literal text between the children of a double-quoted string node. */
function stringPieces(node: Node, env: Env, lineAt: LineAt): PieceResult {
  const pieces: Piece[] = [];
  const inner = { start: node.startIndex + 1, end: node.endIndex - 1 };
  let cursor = inner.start;
  const full = nodeStr(node, lineAt);
  const literal = (from: number, to: number) => {
    if (to > from) pieces.push({ value: unescapeDoubleQuoted(slice(full, from - node.startIndex, to - node.startIndex)), split: false });
  };
  for (const child of node.namedChildren) {
    if (!child || child.type === 'string_content') continue;
    literal(cursor, child.startIndex);
    const r = partPieces(child, env, lineAt, true);
    if (!r.ok) return r;
    append(pieces, r.pieces);
    cursor = child.endIndex;
  }
  literal(cursor, inner.end);
  return { ok: true, pieces };
}

function partPieces(node: Node, env: Env, lineAt: LineAt, quoted: boolean): PieceResult {
  switch (node.type) {
    case 'word':
    case 'number':
    case 'variable_name':
      return { ok: true, pieces: [{ value: unescapeUnquoted(nodeStr(node, lineAt)), split: false }] };
    case 'raw_string': {
      const s = nodeStr(node, lineAt);
      return { ok: true, pieces: [{ value: slice(s, 1, s.text.length - 1), split: false }] };
    }
    case 'ansi_c_string': {
      const s = nodeStr(node, lineAt);
      return { ok: true, pieces: [{ value: unescapeAnsiC(slice(s, 2, s.text.length - 1)), split: false }] };
    }
    case 'string':
    case 'translated_string':
      return stringPieces(node.type === 'translated_string' ? node.namedChild(0)! : node, env, lineAt);
    case 'simple_expansion':
      return simpleExpansionPieces(node, env, lineAt, quoted);
    case 'expansion':
      return expansionPieces(node, env, lineAt, quoted);
    case 'concatenation': {
      const pieces: Piece[] = [];
      for (const child of node.children) {
        if (!child) continue;
        const r = partPieces(child, env, lineAt, quoted);
        if (!r.ok) return r;
        append(pieces, r.pieces);
      }
      return { ok: true, pieces };
    }
    case 'command_substitution':
      return { ok: false, reason: `command substitution ${truncate(node.text)} is only known at run time` };
    case 'process_substitution':
    case 'arithmetic_expansion':
      return { ok: false, reason: `${truncate(node.text)} is only known at run time` };
    default:
      // Brace characters and other literal punctuation tree-sitter splits into their own tokens.
      if (!node.isNamed || node.type === 'brace_expression') {
        return { ok: true, pieces: [{ value: nodeStr(node, lineAt), split: false }] };
      }
      return { ok: false, reason: `${node.type} ${truncate(node.text)} cannot be evaluated statically` };
  }
}

function truncate(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** Joins pieces into fields, splitting unquoted expansion results on IFS whitespace. */
function fieldsOf(pieces: Piece[], braceExpand: boolean): Str[] {
  const fields: Str[] = [];
  // The field being built, as its parts: joined once when it ends, since joining as each part
  // arrives is quadratic (a word of 100,000 quoted pieces, as deep `'\''` escaping makes).
  let current: Str[] | null = null;
  const end = () => {
    if (current) fields.push(join(current));
    current = null;
  };
  for (const p of pieces) {
    if (p.fields) {
      // "${A[@]}": the first element joins the text before it, the last the text after it.
      p.fields.forEach((f, i) => {
        if (i > 0) end();
        (current ??= []).push(f);
      });
      continue;
    }
    if (!p.split) {
      (current ??= []).push(p.value);
      continue;
    }
    let offset = 0;
    const parts = p.value.text.split(IFS);
    parts.forEach((part, i) => {
      const at = p.value.text.indexOf(part, offset);
      offset = at + part.length;
      if (i > 0) end();
      if (part) (current ??= []).push(slice(p.value, at, at + part.length));
    });
  }
  end();
  return braceExpand ? fields.flatMap(expandBraces) : fields;
}

/** Expands one comma list `pre{a,b}post` (the common case in package lists); nested forms stay as they are. */
function expandBraces(field: Str): Str[] {
  const m = /^([^{}]*)\{([^{}]*,[^{}]*)\}([^{}]*)$/.exec(field.text);
  if (!m) return [field];
  const [, pre, body, post] = m;
  const bodyStart = pre!.length + 1;
  const out: Str[] = [];
  let at = bodyStart;
  for (const alt of body!.split(',')) {
    out.push(concat(concat(slice(field, 0, pre!.length), slice(field, at, at + alt.length)), slice(field, field.text.length - post!.length, field.text.length)));
    at += alt.length + 1;
  }
  return out;
}

/** Resolves one argument node to its fields. */
export function resolveWord(node: Node, env: Env, lineAt: LineAt): Resolved {
  if (node.type === 'word') {
    // The common case, a plain word with nothing to unescape or expand: skip the general machinery.
    const text = node.text;
    if (!/[\\{\n]/.test(text)) return { ok: true, fields: [str(text, lineAt(node.startIndex))] };
  }
  const r = partPieces(node, env, lineAt, false);
  if (!r.ok) return r;
  const literalOnly = r.pieces.every((p) => !p.split && !p.fields);
  const unquoted = node.type === 'word' || node.type === 'concatenation';
  return { ok: true, fields: fieldsOf(r.pieces, literalOnly && unquoted) };
}

/** Resolves a word that is not split (the value side of an assignment). */
export function resolveAssignedValue(node: Node, env: Env, lineAt: LineAt): VarValue {
  if (node.type === 'array') {
    const values: Str[] = [];
    for (const child of node.namedChildren) {
      if (!child) continue;
      const r = resolveWord(child, env, lineAt);
      if (!r.ok) return { kind: 'unknown', reason: r.reason };
      append(values, r.fields);
    }
    return { kind: 'array', values };
  }
  const r = partPieces(node, env, lineAt, true);
  if (!r.ok) return { kind: 'unknown', reason: r.reason };
  const joined = join(r.pieces.flatMap((p) => p.fields ?? [p.value]));
  return { kind: 'scalar', value: joined };
}

/** Applies `name=value`, `name+=value`, `name=(a b)` and `name+=(c)` to env. */
export function assign(node: Node, env: Env, lineAt: LineAt): void {
  const nameNode = node.childForFieldName('name');
  const valueNode = node.childForFieldName('value');
  if (!nameNode) return;
  const name = nameNode.type === 'subscript' ? nameNode.childForFieldName('name')?.text : nameNode.text;
  if (!name) return;
  if (nameNode.type === 'subscript') {
    env.set(name, { kind: 'unknown', reason: `array $${name} is assigned element by element` });
    return;
  }
  const appending = node.text.slice(nameNode.endIndex - node.startIndex).startsWith('+=');
  const value: VarValue = valueNode ? resolveAssignedValue(valueNode, env, lineAt) : { kind: 'scalar', value: str('', lineAt(node.startIndex)) };
  const old = env.get(name);
  if (!appending || old === undefined) {
    env.set(name, value);
    return;
  }
  if (old.kind === 'unknown' || old.kind === 'loop') return;
  if (value.kind === 'unknown' || value.kind === 'loop') {
    env.set(name, value);
    return;
  }
  const oldValues = old.kind === 'array' ? old.values : [old.value];
  if (value.kind === 'array') env.set(name, { kind: 'array', values: [...oldValues, ...value.values] });
  else if (old.kind === 'scalar') env.set(name, { kind: 'scalar', value: concat(old.value, value.value) });
  else env.set(name, { kind: 'array', values: [...oldValues.slice(0, -1), concat(oldValues.at(-1) ?? str('', 0), value.value)] });
}

/** The line the word starts on, for messages. */
export function startLine(node: Node, lineAt: LineAt): number {
  return lineAt(node.startIndex);
}
