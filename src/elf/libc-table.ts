/**
 * The export tables of the C libraries a glibc binary can meet on Alpine: musl itself, and gcompat
 * (the glibc compatibility layer Alpine ships). Committed in mappings/libc/ as one symbol per line
 * under a header of `# key: value` lines (library, version, arch, applies-to, source, sha256,
 * derived), written by scripts/derive-libc-tables.ts and loaded into the database by `db build`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarGzMember, TarError } from '../archive/tar.js';
import { mappingsDir } from '../paths.js';
import { isElf, parseElf } from './parse.js';
import { alpineArch } from './verdict.js';

export type LibcLibrary = 'musl' | 'gcompat';

export interface LibcTable {
  library: LibcLibrary;
  version: string;
  /** The architecture of the file the table was read from. */
  arch: string;
  /** The architectures it answers for (gcompat's exports do not depend on the architecture). */
  appliesTo: string[];
  /** Where it was read: the file, and the tarball member. */
  source: string;
  sha256: string;
  derived: string;
  note: string;
  symbols: string[];
}

export class LibcTableError extends Error {}

/** The defined dynamic symbols of a C library file, sorted. */
export function exportedSymbols(bytes: Buffer, source: string, atLeast: number): { arch: string; symbols: string[] } {
  if (!isElf(bytes)) throw new LibcTableError(`${source} is not an ELF file`);
  const info = parseElf(bytes);
  if (info.exports.length < atLeast) throw new LibcTableError(`${source} exports only ${info.exports.length} symbols: not the library asked for`);
  return { arch: alpineArch(info.machine, info.bits), symbols: [...new Set(info.exports.map((s) => s.name))].sort() };
}

/** One member of a .tar.gz (a minirootfs), read whole: the tarballs are a few MiB. */
export function tarMember(path: string, match: RegExp): { name: string; data: Buffer } | null {
  try {
    return tarGzMember(readFileSync(path), match, path);
  } catch (err) {
    if (err instanceof TarError) throw new LibcTableError(err.message);
    throw err;
  }
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function formatTable(t: LibcTable): string {
  const header = [
    `# ${t.library} ${t.version}: the dynamic symbols it exports, one per line.`,
    ...t.note.split('\n').map((l) => `# ${l}`),
    `# library: ${t.library}`,
    `# version: ${t.version}`,
    `# arch: ${t.arch}`,
    `# applies-to: ${t.appliesTo.join(' ')}`,
    `# source: ${t.source}`,
    `# sha256: ${t.sha256}`,
    `# derived: ${t.derived} by npm run snapshot:libc (scripts/derive-libc-tables.ts)`,
  ];
  return `${[...header, ...t.symbols].join('\n')}\n`;
}

export function parseTable(text: string, file: string): LibcTable {
  const meta = new Map<string, string>();
  const symbols: string[] = [];
  const notes: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line) return;
    const m = /^# ([a-z0-9-]+): (.*)$/.exec(line);
    if (m) meta.set(m[1]!, m[2]!);
    else if (line.startsWith('#')) notes.push(line.slice(2));
    else if (/^[A-Za-z_][A-Za-z0-9_.@]*$/.test(line)) symbols.push(line);
    else throw new LibcTableError(`${file}:${i + 1}: not a symbol name: ${line.slice(0, 60)}`);
  });
  const need = (k: string) => {
    const v = meta.get(k);
    if (!v) throw new LibcTableError(`${file}: no "# ${k}:" line`);
    return v;
  };
  const library = need('library');
  if (library !== 'musl' && library !== 'gcompat') throw new LibcTableError(`${file}: library ${library} is neither musl nor gcompat`);
  return { library, version: need('version'), arch: need('arch'), appliesTo: need('applies-to').split(' '), source: need('source'), sha256: need('sha256'), derived: need('derived').split(' ')[0]!, note: notes.slice(1).join('\n'), symbols };
}

/** Every table in mappings/libc/. */
export function embeddedLibcTables(): LibcTable[] {
  const dir = join(mappingsDir(), 'libc');
  return readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseTable(readFileSync(join(dir, f), 'utf8'), `mappings/libc/${f}`));
}
