/**
 * Turns the body of a RUN instruction into a shell script plus a map from each character to its
 * Dockerfile line. Docker removes comment and empty lines inside a continued instruction before the
 * shell sees it; we drop them too but keep every other character's line, so findings point into the
 * Dockerfile. Exec form is re-quoted as shell; heredoc form hands over its body.
 */
import { sq } from '../../convert/shell-quote.js';
import { isShell } from '../../knowledge/shells.js';
import type { Str } from '../common/shell-words.js';

export type RunBody =
  | { kind: 'shell'; script: Str }
  | { kind: 'heredoc'; script: Str; interpreter: string | null; command: Str | null }
  | { kind: 'exec'; script: Str }
  | { kind: 'invalid-exec'; script: Str };


/**
 * @param raw the instruction's text after its keyword and flags
 * @param firstLine the Dockerfile line `raw` starts on
 * @param escape the Dockerfile escape character (`\` unless a `# escape=` directive says otherwise)
 */
export function parseRunBody(raw: string, firstLine: number, escape: string): RunBody {
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const argv: unknown = JSON.parse(joinContinuations(raw, escape));
      if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) {
        const words = argv as string[];
        const base = words[0]?.slice(words[0].lastIndexOf('/') + 1) ?? '';
        const text = isShell(base) && words[1] === '-c' && words[2] !== undefined ? words[2] : words.map(sq).join(' ');
        return { kind: 'exec', script: { text, lines: new Array<number>(text.length).fill(firstLine) } };
      }
    } catch {
      return { kind: 'invalid-exec', script: shellScript(raw, firstLine, escape) };
    }
  }
  const heredoc = /^<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2[ \t]*([^\n]*)\n/.exec(trimmed);
  if (heredoc) {
    const [head, dash, , delimiter, rest] = heredoc;
    const headLine = firstLine;
    const bodyLines = trimmed.slice(head.length).split('\n');
    const kept: string[] = [];
    for (const line of bodyLines) {
      const candidate = dash ? line.replace(/^\t+/, '') : line;
      if (candidate === delimiter) break;
      kept.push(candidate);
    }
    const text = kept.join('\n');
    const lines: number[] = [];
    kept.forEach((l, i) => {
      for (let k = 0; k <= l.length; k++) lines.push(headLine + 1 + i);
    });
    lines.length = text.length;
    const cmd = (rest ?? '').trim();
    const interpreter = cmd ? cmd.split(/\s+/)[0]!.replace(/^.*\//, '') : null;
    return {
      kind: 'heredoc',
      script: { text, lines },
      interpreter,
      command: cmd ? { text: cmd, lines: new Array<number>(cmd.length).fill(headLine) } : null,
    };
  }
  return { kind: 'shell', script: shellScript(raw, firstLine, escape) };
}

export function isShellInterpreter(name: string | null): boolean {
  return name === null || isShell(name);
}

function joinContinuations(raw: string, escape: string): string {
  return raw.split('\n').map((l) => (l.trimEnd().endsWith(escape) ? l.trimEnd().slice(0, -1) : l)).join(' ');
}

function shellScript(raw: string, firstLine: number, escape: string): Str {
  let text = '';
  const lines: number[] = [];
  raw.split('\n').forEach((line, i) => {
    if (i > 0 && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    let l = line;
    // The shell only knows backslash continuations; translate a `# escape=` backtick.
    if (escape !== '\\' && l.trimEnd().endsWith(escape)) l = `${l.trimEnd().slice(0, -1)}\\`;
    if (text) {
      text += '\n';
      lines.push(firstLine + i);
    }
    text += l;
    for (let k = 0; k < l.length; k++) lines.push(firstLine + i);
  });
  return { text, lines };
}
