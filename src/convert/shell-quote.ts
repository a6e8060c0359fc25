/**
 * Quoting for generated POSIX sh. A word is a list of parts: literal text, or raw shell (a variable
 * reference that must expand when the script runs). Literal-only words are single-quoted when they
 * need it; words with raw parts are double-quoted with the literals escaped.
 */
export type Part = { lit: string } | { raw: string };
export type Word = Part[];

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function sq(text: string): string {
  if (text !== '' && SAFE.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function dqEscape(text: string): string {
  return text.replace(/[\\"$`]/g, (c) => `\\${c}`);
}

/** One shell word. A word that is only `$VAR` stays unquoted: systemd splits `$VAR` into words too. */
export function quoteWord(word: Word): string {
  if (word.every((p) => 'lit' in p)) return sq(word.map((p) => (p as { lit: string }).lit).join(''));
  if (word.length === 1 && 'raw' in word[0]! && /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(word[0].raw)) return word[0].raw;
  return `"${word.map((p) => ('lit' in p ? dqEscape(p.lit) : p.raw)).join('')}"`;
}

export function quoteCommand(words: Word[]): string {
  return words.map(quoteWord).join(' ');
}

/** `name="value"` where value is shell text that openrc-run will eval (command_args). */
export function assignEval(name: string, shellText: string): string {
  return `${name}="${dqEscape(shellText)}"`;
}

/** `name=value` with a plain string value. */
export function assign(name: string, value: string): string {
  return `${name}=${value === '' ? "''" : SAFE.test(value) ? `"${value}"` : sq(value)}`;
}

/**
 * Repository text (a path, a control field, a unit value) as it may stand in a `#` comment of a
 * generated script: a line break would end the comment and make the rest a command, so every
 * control character and line separator becomes a space.
 */
export function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}
