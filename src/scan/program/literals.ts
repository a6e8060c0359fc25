/**
 * The string literals of a program in another language, with their lines: enough of each
 * language's lexical rules (comments, quotes, escapes, Python's triple quotes) to tell code from
 * text, and nothing more. Not a parser: what a literal is used for is guessed by the caller.
 */
export type Family = 'python' | 'c' | 'script';

export interface Literal {
  text: string;
  line: number;
}

/** Literals longer than this are skipped (embedded data, not a command line). */
const MAX_LITERAL = 4096;

export function stringLiterals(src: string, family: Family): Literal[] {
  const out: Literal[] = [];
  let line = 1;
  let i = 0;
  const n = src.length;
  const hashComments = family !== 'c';
  const slashComments = family === 'c';
  while (i < n) {
    const ch = src[i]!;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if ((hashComments && ch === '#') || (slashComments && ch === '/' && src[i + 1] === '/')) {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (slashComments && ch === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (let j = i; j < stop; j++) if (src[j] === '\n') line++;
      i = stop;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') {
      const triple = family === 'python' && src.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      const start = line;
      let j = i + quote.length;
      let text = '';
      while (j < n && !src.startsWith(quote, j)) {
        if (src[j] === '\\' && j + 1 < n) {
          text += src[j + 1];
          j += 2;
          continue;
        }
        if (src[j] === '\n') {
          line++;
          // A quote of one character ends at the line's end in these languages (but JS/Go backticks).
          if (!triple && ch !== '`') break;
        }
        text += src[j];
        j++;
      }
      if (text.length <= MAX_LITERAL) out.push({ text, line: start });
      i = j + quote.length;
      continue;
    }
    i++;
  }
  return out;
}
