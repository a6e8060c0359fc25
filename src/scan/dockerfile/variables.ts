/**
 * Dockerfile variable substitution (ARG and ENV) as BuildKit does it in FROM, ADD and COPY:
 * $X, ${X}, ${X:-default}, ${X-default}, ${X:+alt}, ${X+alt}.
 */
export type DockerVars = Map<string, { value: string; line: number } | { unknown: string }>;

export interface Substituted {
  text: string;
  /** Reasons for the variables that had no value; empty when the text is fully known. */
  unresolved: string[];
}

const REF = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function substitute(text: string, vars: DockerVars): Substituted {
  const unresolved: string[] = [];
  const out = text.replace(REF, (whole, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const v = vars.get(name);
    const value = v && 'value' in v ? v.value : undefined;
    if (op === ':-' || op === '-') return value !== undefined && (op === '-' || value !== '') ? value : (word ?? '');
    if (op === ':+' || op === '+') return value !== undefined && (op === '+' || value !== '') ? (word ?? '') : '';
    if (value !== undefined) return value;
    unresolved.push(v && 'unknown' in v ? v.unknown : `$${name} is not defined in this Dockerfile`);
    return whole;
  });
  return { text: out, unresolved };
}
