/**
 * systemd unit file syntax, as systemd.syntax(7) defines it: `[Section]` headers, `Key=Value`
 * assignments kept in order with their lines (a key may repeat: several ExecStartPre=), `#` and `;`
 * comments, and backslash line continuations (joined with a space; comment lines inside a
 * continuation are skipped, as systemd does). A generic INI parser is the wrong tool: it collapses
 * repeated keys and knows nothing of continuations or of empty assignments resetting a list.
 */
export interface UnitEntry {
  section: string;
  key: string;
  value: string;
  /** Line of the key (the first line of a continued assignment), 1-based. */
  line: number;
  /** Repo-relative path of the file (the unit or a drop-in). */
  file: string;
}

export interface ParsedUnitFile {
  file: string;
  entries: UnitEntry[];
  /** Lines that are neither comments, sections nor assignments. */
  problems: { line: number; text: string; message: string }[];
}

export function parseUnitFile(text: string, file: string): ParsedUnitFile {
  const entries: UnitEntry[] = [];
  const problems: ParsedUnitFile['problems'] = [];
  const lines = text.split('\n');
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const startLine = i + 1;
    let line = lines[i]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) {
      const m = /^\[([^\]]+)\]$/.exec(trimmed);
      if (m) section = m[1]!;
      else problems.push({ line: startLine, text: trimmed, message: 'malformed section header' });
      continue;
    }
    // Continuations: a trailing backslash joins the next line, replaced by a space; comment lines
    // inside a continuation are skipped. The pieces are joined once: appending to the joined line
    // and testing its end each time is quadratic (200,000 continuation lines took minutes).
    if (line.endsWith('\\')) {
      const parts: string[] = [];
      let piece = line;
      while (piece.endsWith('\\') && i + 1 < lines.length) {
        parts.push(`${piece.slice(0, -1)} `);
        let j = i + 1;
        while (j < lines.length && /^\s*[#;]/.test(lines[j]!)) j++;
        if (j >= lines.length) {
          i = lines.length - 1;
          piece = '';
          break;
        }
        i = j;
        piece = lines[i]!.replace(/\r$/, '');
      }
      parts.push(piece);
      line = parts.join('');
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      problems.push({ line: startLine, text: line.trim(), message: 'not a Key=Value assignment' });
      continue;
    }
    if (!section) {
      problems.push({ line: startLine, text: line.trim(), message: 'assignment before any [Section]' });
      continue;
    }
    entries.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: startLine, file });
  }
  return { file, entries, problems };
}

/**
 * Unit types by suffix (systemd.unit(5)): systemd's own syntax, kept in code as the one list the
 * classifier, the systemctl reader and the drop-in finder build their patterns from, and a type.
 */
export const UNIT_TYPES = ['service', 'socket', 'timer', 'path', 'mount', 'automount', 'swap', 'target', 'slice', 'scope', 'device'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export interface UnitName {
  /** Full name, e.g. serial-getty@ttyMSM0.service. */
  name: string;
  /** Without suffix and instance, e.g. serial-getty. */
  prefix: string;
  type: UnitType;
  /** 'template' for foo@.service, 'instance' for foo@bar.service. */
  template: 'template' | 'instance' | null;
  instance: string | null;
}

/**
 * A unit name as systemd accepts it (systemd.unit(5): ASCII letters, digits, ":", "-", "_", ".",
 * "\\", and "@" before an instance), or null. Names become file names and words in generated
 * shell, so nothing outside that alphabet passes.
 */
export function parseUnitName(name: string): UnitName | null {
  const m = new RegExp(`^([A-Za-z0-9:_.\\\\-]+?)(@([A-Za-z0-9:_.\\\\-]*))?\\.(${UNIT_TYPES.join('|')})$`).exec(name);
  if (!m) return null;
  const instance = m[2] === undefined ? null : m[3]!;
  return {
    name,
    prefix: m[1]!,
    type: m[4] as UnitType,
    template: instance === null ? null : instance === '' ? 'template' : 'instance',
    instance: instance || null,
  };
}
