/**
 * The TODO line generate writes above a command it disables (`# TODO(migrate): why; disabled: cmd`),
 * and the reader verify uses to learn what a disabled command would have installed. One format,
 * written and read here.
 */
import { evidenceOf } from '../scan/common/shell-commands.js';

const DISABLED = '; disabled: ';
const TODO_RE = /#\s*TODO\(migrate\):.*?; disabled: (.*)$/;

/** The TODO message for a disabled command: why, then the command as written (shortened). */
export function disabledMessage(why: string, command: string): string {
  return `${why}${DISABLED}${evidenceOf(command, 160)}`;
}

/** The disabled command a TODO line quotes, or null for any other line. */
export function disabledCommandOf(line: string): string | null {
  const m = TODO_RE.exec(line);
  return m ? m[1]! : null;
}

/** Lines (1-based) of a file's TODO lines whose disabled command names `.deb` files, with their base names. */
export function disabledDebInstalls(text: string): { line: number; debs: string[] }[] {
  const out: { line: number; debs: string[] }[] = [];
  text.split('\n').forEach((l, i) => {
    const cmd = disabledCommandOf(l);
    if (cmd === null) return;
    const debs = [...cmd.matchAll(/[^\s'"=]+\.deb(?![\w.-])/g)].map((m) => m[0].slice(m[0].lastIndexOf('/') + 1));
    if (debs.length) out.push({ line: i + 1, debs: [...new Set(debs)] });
  });
  return out;
}
