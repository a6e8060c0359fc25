/**
 * Exec lines (systemd.service(5), "Command lines"): an optional run of special prefixes (`@`, `-`,
 * `:`, `+`, `!`, `!!`), then words with C-style escapes, single and double quotes, and specifiers
 * (`%i`, `%n`, ..., `%%`). Semicolon-separated command lists are rejected by modern systemd; they
 * are reported, not split.
 */
export interface ExecCommand {
  /** `-`: a failure is ignored. */
  ignoreFailure: boolean;
  /** `@`: argv[0] given separately (the second word). */
  argv0: boolean;
  /** `+`, `!`, `!!`: privilege changes that bypass User= and sandboxing. */
  privileged: '+' | '!' | '!!' | null;
  /** `:`: no environment variable substitution. */
  noSubstitution: boolean;
  words: string[];
}

export class ExecSyntaxError extends Error {}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };

export function parseExec(value: string): ExecCommand {
  let rest = value.trimStart();
  const cmd: ExecCommand = { ignoreFailure: false, argv0: false, privileged: null, noSubstitution: false, words: [] };
  for (;;) {
    if (rest.startsWith('!!')) {
      cmd.privileged = '!!';
      rest = rest.slice(2);
    } else if (rest[0] === '-') {
      cmd.ignoreFailure = true;
      rest = rest.slice(1);
    } else if (rest[0] === '@') {
      cmd.argv0 = true;
      rest = rest.slice(1);
    } else if (rest[0] === '+' || rest[0] === '!') {
      cmd.privileged = rest[0] as '+' | '!';
      rest = rest.slice(1);
    } else if (rest[0] === ':') {
      cmd.noSubstitution = true;
      rest = rest.slice(1);
    } else break;
  }
  let i = 0;
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  while (i < rest.length) {
    const c = rest[i]!;
    if (quote) {
      if (c === quote) {
        quote = null;
        i++;
        continue;
      }
      if (c === '\\' && i + 1 < rest.length) {
        i += escape(rest, i, (s) => (word = (word ?? '') + s));
        continue;
      }
      word = (word ?? '') + c;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (word !== null) cmd.words.push(word);
      word = null;
      i++;
      continue;
    }
    if ((c === '"' || c === "'") && word === null) {
      quote = c;
      word = '';
      i++;
      continue;
    }
    if (c === '\\' && i + 1 < rest.length) {
      i += escape(rest, i, (s) => (word = (word ?? '') + s));
      continue;
    }
    if (c === ';' && word === null && (rest[i + 1] === ' ' || rest[i + 1] === undefined)) {
      throw new ExecSyntaxError('";" command lists are not supported by systemd any more; split them into several Exec lines');
    }
    word = (word ?? '') + c;
    i++;
  }
  if (quote) throw new ExecSyntaxError(`unterminated ${quote} quote`);
  if (word !== null) cmd.words.push(word);
  if (cmd.words.length === 0) throw new ExecSyntaxError('no command');
  return cmd;
}

function escape(text: string, at: number, emit: (s: string) => void): number {
  const n = text[at + 1]!;
  if (n in ESCAPES) {
    emit(ESCAPES[n]!);
    return 2;
  }
  const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(at + 1));
  if (hex) {
    emit(String.fromCharCode(parseInt(hex[1]!, 16)));
    return 4;
  }
  const oct = /^([0-7]{3})/.exec(text.slice(at + 1));
  if (oct) {
    emit(String.fromCharCode(parseInt(oct[1]!, 8)));
    return 4;
  }
  emit(n);
  return 2;
}
