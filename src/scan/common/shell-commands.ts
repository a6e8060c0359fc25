/**
 * Walks a parsed shell script in document order, keeps the variables it assigns, and hands every
 * simple command to a visitor with its arguments expanded. Wrappers (sudo, env, chroot, xargs, ...)
 * are looked through, and scripts inside scripts (`bash -c "..."`, `ssh host "..."`, a heredoc fed to
 * `bash`) are parsed and walked too, with their lines mapped back to the scanned file.
 */
import type { Knowledge, WrapperSpec } from '../../knowledge/load.js';
import { firstSyntaxError, parseShell, type Node } from './shell-parser.js';
import { assign, resolveWord, str, strFrom, type Env, type LineAt, type Str } from './shell-words.js';
import { append } from '../../append.js';
import { isShell } from '../../knowledge/shells.js';

export type Token =
  /** `source`: the word as written, when it is one word of the top-level script that resolved to one field. */
  | { kind: 'word'; value: Str; line: number; source?: string }
  /** `offset` is where `text` starts in the parsed script, when it comes from the source (-1 otherwise). */
  | { kind: 'unresolved'; text: string; reason: string; line: number; offset: number };

export interface Command {
  /** Base name of the command (`/usr/bin/apt-get` -> 'apt-get'). */
  name: string;
  /** The command word as resolved (`/usr/bin/apt-get`), when it is not the name alone. */
  path?: string;
  args: Token[];
  line: number;
  evidence: string;
  /** Lowered when a leading word could not be resolved and was assumed to be a wrapper (`$SUDO apt-get`). */
  confidence: 'high' | 'medium';
  /** Offsets of the whole command in the walked text, for rewriting; null inside nested scripts. */
  span: { start: number; end: number } | null;
}

export interface ShellVisitor {
  command(cmd: Command): void;
  /** A script whose text is computed at run time (`bash -c "$(curl ...)"`, `curl ... | sh`). */
  dynamicScript(line: number, evidence: string, reason: string, span?: { start: number; end: number } | null): void;
  /** A top-level `NAME=value` (also under export/readonly), with its resolved value when known. */
  assignment?(name: string, value: string | null, span: { start: number; end: number }): void;
  syntaxError(line: number, evidence: string): void;
  /** `CMD > FILE` or `>> FILE`: the target as resolved (or as written), and the whole statement's span at top level. */
  redirect?(target: string, append: boolean, line: number, span: { start: number; end: number } | null): void;
  /** bash-only syntax, reported when the walk is for a POSIX sh script. */
  bashism?(line: number, construct: string, evidence: string): void;
  /** A wrapper looked through (`sudo apt-get ...`): its own name, for checks of the wrapper itself. */
  wrapper?(name: string, line: number, evidence: string): void;
}

export interface WalkOptions {
  knowledge: Knowledge;
  env: Env;
  lineAt: LineAt;
  visitor: ShellVisitor;
  depth?: number;
  /** 'sh': report bash-only syntax through visitor.bashism. */
  dialect?: 'sh' | 'bash' | null;
}

/** tree-sitter node types of bash-only syntax; `when` narrows a type that POSIX sh shares. */
const BASHISMS: { type: string; construct: string; when?: (text: string) => boolean }[] = [
  { type: 'test_command', construct: '[[ ]] test', when: (t) => t.startsWith('[[') },
  { type: 'array', construct: 'array' },
  { type: 'process_substitution', construct: 'process substitution <( )' },
  { type: 'ansi_c_string', construct: "$'...' string" },
  { type: 'herestring_redirect', construct: '<<< here-string' },
  { type: 'function_definition', construct: 'function keyword', when: (t) => t.startsWith('function ') },
  { type: 'brace_expression', construct: '{a..b} brace range' },
  { type: 'compound_statement', construct: '(( )) arithmetic command', when: (t) => t.startsWith('((') },
  { type: 'command_substitution', construct: '$(< file)', when: (t) => /^\$\(\s*</.test(t) },
];

/** Scripts inside scripts are followed this deep; deeper ones are reported, not read. */
const MAX_DEPTH = 16;

export function evidenceOf(text: string, max = 240): string {
  const oneLine = text.replace(/\\\n\s*/g, ' ').replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export function baseName(word: string): string {
  const i = word.lastIndexOf('/');
  return i >= 0 ? word.slice(i + 1) : word;
}

/** Parses `text` as a script and walks it. Lines come from `lineAt`. Reports the first syntax error. */
export function walkScript(text: string, opts: WalkOptions): void {
  // bash ignores a backslash-newline at the very end of a script; tree-sitter reports it as an
  // error. Blank it (same length, so offsets and lines stay put).
  const dangling = /\\\n?[ \t]*$/.exec(text);
  if (dangling) text = text.slice(0, dangling.index) + ' ' + text.slice(dangling.index + 1);
  const tree = parseShell(text);
  try {
    const err = firstSyntaxError(tree.rootNode);
    if (err) opts.visitor.syntaxError(opts.lineAt(err.startIndex), evidenceOf(lineAround(text, err.startIndex)));
    if (opts.dialect === 'sh' && opts.visitor.bashism && (opts.depth ?? 0) === 0) {
      // Every occurrence, as ShellCheck does, one per construct and line, at most 200 a file.
      const seen = new Set<string>();
      for (const node of tree.rootNode.descendantsOfType([...new Set(BASHISMS.map((b) => b.type))])) {
        if (!node) continue;
        const construct = BASHISMS.find((b) => b.type === node.type && (!b.when || b.when(node.text)))?.construct;
        const key = `${construct} ${opts.lineAt(node.startIndex)}`;
        if (!construct || seen.has(key) || seen.size >= 200) continue;
        seen.add(key);
        opts.visitor.bashism(opts.lineAt(node.startIndex), construct, evidenceOf(lineAround(text, node.startIndex)));
      }
    }
    new Walker(opts).walk(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function outermostSubstitutions(node: Node): Node[] {
  const found: Node[] = [];
  const stack = [...node.namedChildren];
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    if (n.type === 'command_substitution' || n.type === 'process_substitution') found.push(n);
    else append(stack, n.namedChildren);
  }
  return found.reverse();
}

function lineAround(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return text.slice(start, end < 0 ? undefined : end);
}

class Walker {
  private span: { start: number; end: number } | null = null;
  /** Heredoc bodies fed to the command being dispatched, until a command that runs its input as a script takes them. */
  private stdin: Node[] = [];

  constructor(private readonly opts: WalkOptions) {}

  private get env(): Env {
    return this.opts.env;
  }

  walk(node: Node): void {
    switch (node.type) {
      case 'variable_assignment':
        assign(node, this.env, this.opts.lineAt);
        this.reportAssignment(node);
        // `V=$(dpkg-architecture -q...)` runs the command in the substitution.
        for (const sub of outermostSubstitutions(node)) for (const child of sub.namedChildren) if (child) this.walk(child);
        return;
      case 'variable_assignments':
        for (const child of node.namedChildren) if (child) this.walk(child);
        return;
      case 'declaration_command':
        for (const child of node.namedChildren) {
          if (child?.type !== 'variable_assignment') continue;
          assign(child, this.env, this.opts.lineAt);
          this.reportAssignment(child);
        }
        return;
      case 'for_statement':
        this.forLoop(node);
        return;
      case 'command':
        this.command(node, []);
        return;
      case 'redirected_statement':
        this.redirected(node);
        return;
      case 'pipeline':
        this.pipeline(node);
        return;
      default:
        for (const child of node.namedChildren) if (child) this.walk(child);
    }
  }

  private forLoop(node: Node): void {
    const variable = node.childForFieldName('variable');
    const values = node.childrenForFieldName('value').filter((v): v is Node => v !== null);
    if (variable) {
      if (values.length === 0) {
        this.env.set(variable.text, { kind: 'unknown', reason: `$${variable.text} loops over the script's arguments` });
      } else {
        const resolved: Str[] = [];
        let reason: string | null = null;
        for (const v of values) {
          const r = resolveWord(v, this.env, this.opts.lineAt);
          if (r.ok) append(resolved, r.fields);
          else reason = r.reason;
        }
        this.env.set(variable.text, reason ? { kind: 'unknown', reason } : { kind: 'loop', values: resolved });
      }
    }
    const body = node.childForFieldName('body');
    if (body) this.walk(body);
  }

  private reportAssignment(node: Node): void {
    const valueNode = node.childForFieldName('value');
    const name = node.childForFieldName('name')?.text;
    if (!this.opts.visitor.assignment || !valueNode || !name || (this.opts.depth ?? 0) > 0) return;
    const v = this.env.get(name);
    this.opts.visitor.assignment(name, v?.kind === 'scalar' ? v.value.text : null, { start: valueNode.startIndex, end: valueNode.endIndex });
  }

  private pipeline(node: Node): void {
    const parts = node.namedChildren.filter((n): n is Node => n !== null);
    for (const part of parts) this.walk(part);
    // `curl -fsSL URL | bash`: the last stage runs whatever the first one downloads.
    const last = parts.at(-1);
    if (parts.length > 1 && last?.type === 'command') {
      const name = last.childForFieldName('name');
      const argCount = last.childrenForFieldName('argument').length;
      if (name && isShell(baseName(name.text)) && argCount === 0) {
        const span = (this.opts.depth ?? 0) === 0 ? { start: node.startIndex, end: node.endIndex } : null;
        this.opts.visitor.dynamicScript(this.opts.lineAt(node.startIndex), evidenceOf(node.text), 'the script is read from a pipe at run time', span);
      }
    }
  }

  private redirected(node: Node): void {
    const body = node.childForFieldName('body');
    const heredocs = node.namedChildren.filter((n): n is Node => n?.type === 'heredoc_redirect');
    // A heredoc is a script when the command it feeds reads one from its input: `bash -e <<EOF`,
    // `chroot DIR <<EOF`, `sudo chroot DIR sh <<EOF`, pi-gen's `on_chroot <<EOF`; `cat <<EOF` is
    // data. Which it is shows only once the wrappers are looked through, so dispatch decides.
    const bodies = body?.type === 'command' ? heredocs.flatMap((h) => h.namedChildren.filter((n): n is Node => n?.type === 'heredoc_body')) : [];
    this.stdin = bodies;
    if (body) this.walk(body);
    this.stdin = [];
    for (const r of node.namedChildren) {
      if (r?.type !== 'file_redirect' || !this.opts.visitor.redirect) continue;
      const op = r.children.find((c) => c && !c.isNamed)?.text;
      const dest = r.childForFieldName('destination');
      if (!dest || (op !== '>' && op !== '>>')) continue;
      const resolved = resolveWord(dest, this.env, this.opts.lineAt);
      const target = resolved.ok && resolved.fields.length === 1 ? resolved.fields[0]!.text : dest.text;
      this.opts.visitor.redirect(target, op === '>>', this.opts.lineAt(node.startIndex), (this.opts.depth ?? 0) === 0 ? { start: node.startIndex, end: node.endIndex } : null);
    }
  }

  /** The command just dispatched reads its script from input: walk the heredocs fed to it. */
  private runStdin(): void {
    const bodies = this.stdin;
    this.stdin = [];
    for (const b of bodies) this.nested(b.text, b.startIndex);
  }

  private nested(text: string, offset: number): void {
    this.nestedStr(strFrom(text, offset, this.opts.lineAt));
  }

  private nestedStr(script: Str): void {
    const depth = (this.opts.depth ?? 0) + 1;
    if (depth > MAX_DEPTH) {
      const line = script.lines[0] ?? 0;
      this.opts.visitor.dynamicScript(line, evidenceOf(script.text), `scripts nested more than ${MAX_DEPTH} deep (bash -c inside bash -c ...) are not read`, null);
      return;
    }
    const lines = script.lines;
    const fallback = lines.at(-1) ?? 0;
    walkScript(script.text, {
      ...this.opts,
      env: new Map(this.env),
      lineAt: (i) => lines[i] ?? fallback,
      depth,
    });
  }

  private command(node: Node, prefix: Token[]): void {
    const tokens: Token[] = [...prefix];
    const words: Node[] = [];
    let hasOther = false;
    for (const n of node.namedChildren) {
      if (!n) continue;
      const t = n.type;
      if (t === 'variable_assignment' || t.endsWith('redirect')) hasOther = true;
      else words.push(n);
    }
    for (const w of words) {
      const target = w.type === 'command_name' ? (w.namedChild(0) ?? w) : w;
      const line = this.opts.lineAt(target.startIndex);
      const r = resolveWord(target, this.env, this.opts.lineAt);
      const source = (this.opts.depth ?? 0) === 0 && r.ok && r.fields.length === 1 ? target.text : undefined;
      if (r.ok) for (const f of r.fields) tokens.push({ kind: 'word', value: f, line: f.lines[0] ?? line, ...(source === undefined ? {} : { source }) });
      else tokens.push({ kind: 'unresolved', text: target.text, reason: r.reason, line, offset: target.startIndex });
    }
    // Inner commands of substitutions still run: `echo "$(apt-get install -y foo)"`. A word holding
    // one never resolves, so only look when a word did not, or in redirects and assignments.
    if (hasOther || tokens.some((t) => t.kind === 'unresolved')) {
      const stdin = this.stdin;
      this.stdin = []; // the heredoc feeds this command, not the ones in its substitutions
      for (const sub of outermostSubstitutions(node)) {
        for (const child of sub.namedChildren) if (child) this.walk(child);
      }
      this.stdin = stdin;
    }
    this.span = (this.opts.depth ?? 0) === 0 ? { start: node.startIndex, end: node.endIndex } : null;
    this.dispatch(tokens, this.opts.lineAt(node.startIndex), evidenceOf(node.text), 'high');
  }

  private dispatch(tokens: Token[], line: number, evidence: string, confidence: 'high' | 'medium'): void {
    const first = tokens[0];
    if (!first) return;
    if (first.kind === 'unresolved') {
      // `$SUDO apt-get install ...`: assume the unknown word is a wrapper and look at the rest.
      if (tokens.length > 1) this.dispatch(tokens.slice(1), line, evidence, 'medium');
      return;
    }
    const name = baseName(first.value.text);
    const args = tokens.slice(1);
    if (name === 'read' || name === 'mapfile' || name === 'readarray') {
      for (const a of args) {
        if (a.kind === 'word' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(a.value.text)) {
          this.env.set(a.value.text, { kind: 'unknown', reason: `$${a.value.text} is read from input at run time` });
        }
      }
    }
    const wrapper = this.opts.knowledge.wrappers[name];
    if (wrapper) this.opts.visitor.wrapper?.(name, line, evidence);
    if (wrapper && this.unwrap(name, wrapper, args, line, evidence, confidence)) return;
    this.opts.visitor.command({ name, ...(first.value.text !== name ? { path: first.value.text } : {}), args, line, evidence, confidence, span: this.span });
  }

  /** Returns true when the wrapper was looked through (its inner command dispatched). */
  private unwrap(name: string, spec: WrapperSpec, args: Token[], line: number, evidence: string, confidence: 'high' | 'medium'): boolean {
    const withValue = new Set(spec.optionsWithValue ?? []);
    let i = 0;
    let script: Token | undefined;
    if (spec.kind === 'script' && spec.scriptOption) {
      // `su root -c CMD`, `bash -ec CMD`: the option may follow other words.
      const letter = spec.scriptOption.slice(1);
      const at = args.findIndex((a) => a.kind === 'word' && (a.value.text === spec.scriptOption || (/^-[a-z]+$/.test(a.value.text) && a.value.text.endsWith(letter))));
      if (at >= 0) script = args[at + 1];
    }
    for (; i < args.length && !script; i++) {
      const a = args[i]!;
      if (a.kind !== 'word') break;
      const t = a.value.text;
      if (t === '--') {
        i++;
        break;
      }
      if (t.startsWith('-') && t.length > 1) {
        if (withValue.has(t)) i++;
        continue;
      }
      if (spec.assignmentsAllowed && /^[A-Za-z_][A-Za-z0-9_]*=/.test(t)) continue;
      break;
    }
    switch (spec.kind) {
      case 'script': {
        if (!script) {
          // `bash -e <<EOF` and `bash -s ARG <<EOF` read the script from input; `bash file.sh`
          // runs a file we scan on its own.
          const words = args.map((a) => (a.kind === 'word' ? a.value.text : '?'));
          const firstOperand = shellOperand(words, spec);
          if (firstOperand < 0 || words[firstOperand] === '-' || words.slice(0, firstOperand).some((w) => /^-[a-z]*s[a-z]*$/.test(w))) this.runStdin();
          return false;
        }
        const wholeExpansion = /^"\$(\(.*\)|\{?[A-Za-z_][A-Za-z0-9_]*\}?)"$/s;
        if (script.kind === 'unresolved' && script.offset >= 0 && /^"[^]*"$/.test(script.text) && !wholeExpansion.test(script.text)) {
          // `bash -c "... $X ..."` with X unknown: the inner shell sees the same words with X
          // unexpanded, so parse the quoted text as it stands and let unknowns surface inside.
          this.nested(script.text.slice(1, -1), script.offset + 1);
        } else if (script.kind === 'unresolved') {
          this.opts.visitor.dynamicScript(line, evidence, `the script given to ${name} -c is computed at run time: ${script.reason}`, this.span);
        } else {
          this.nestedStr(script.value);
        }
        return true;
      }
      case 'remote': {
        const rest = args.slice(i + 1); // the first positional is the host
        if (rest.length === 0) {
          if (spec.stdinScript) this.runStdin(); // `ssh host <<EOF`: the remote shell reads it
          return true;
        }
        if (rest.some((t) => t.kind === 'unresolved')) {
          const bad = rest.find((t) => t.kind === 'unresolved');
          this.opts.visitor.dynamicScript(line, evidence, `the remote command is computed at run time: ${bad?.kind === 'unresolved' ? bad.reason : ''}`);
          return true;
        }
        const parts = rest.map((t) => (t.kind === 'word' ? t.value : str('', line)));
        const joined = parts.reduce((acc, p, k) => (k === 0 ? p : { text: `${acc.text} ${p.text}`, lines: [...acc.lines, p.lines[0] ?? line, ...p.lines] }));
        this.nestedStr(joined);
        return true;
      }
      case 'stdin': {
        const inner = args.slice(i);
        if (inner.length === 0) return true;
        const fromInput: Token = { kind: 'unresolved', text: `(${name} input)`, reason: `arguments are appended by ${name} from its input at run time`, line, offset: -1 };
        this.dispatch([...inner, fromInput], line, evidence, confidence);
        return true;
      }
      case 'argv': {
        const inner = args.slice(i + (spec.skip ?? 0));
        if (inner.length === 0) {
          if (spec.stdinScript) this.runStdin(); // `chroot DIR <<EOF` runs the shell on its input
          return true;
        }
        this.dispatch(inner, line, evidence, confidence);
        return true;
      }
    }
  }
}

/**
 * Where a shell's first operand (a script file) is in its words, or -1 when it has none and reads
 * its script from input: options may start with - or +, and some take the next word
 * (`bash -o pipefail`, `bash -euo pipefail`, `bash +O extglob`, `--rcfile FILE`).
 */
function shellOperand(words: string[], spec: WrapperSpec): number {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') return i + 1 < words.length ? i + 1 : -1;
    if (w === '-' || !/^[-+]./.test(w)) return i;
    if (spec.optionsWithValue?.includes(w) || (/^[-+][A-Za-z]+$/.test(w) && spec.shortOptionsWithValue?.includes(w.at(-1)!))) i++;
  }
  return -1;
}
