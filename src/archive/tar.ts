/**
 * A tar reader over a buffer (POSIX ustar, pax extended headers, GNU long names), written against
 * POSIX.1-2001 pax and GNU tar's format notes. Bounded: it never reads past the buffer, never
 * allocates more than the entries it returns, and tolerates the missing end-of-archive blocks of
 * Alpine's index signatures. Corrupt input raises TarError with what was wrong and where.
 */
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** '0' regular file, '5' directory, '2' symlink, ... (typeflag). */
  type: string;
  size: number;
  linkName: string;
  mode: number;
  /** Offset of the content in the buffer. */
  offset: number;
  data: Buffer;
}

export class TarError extends Error {}

const BLOCK = 512;

function cString(buf: Buffer, start: number, length: number): string {
  const end = buf.indexOf(0, start);
  return buf.toString('utf8', start, end >= 0 && end < start + length ? end : start + length);
}

function octal(buf: Buffer, start: number, length: number, what: string, at: number): number {
  // GNU base-256 for sizes over 8 GiB: high bit of the first byte set.
  if (buf[start]! & 0x80) {
    let n = 0;
    for (let i = start + 1; i < start + length; i++) n = n * 256 + buf[i]!;
    return n;
  }
  const text = cString(buf, start, length).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarError(`corrupt tar header at byte ${at}: ${what} is "${text}", not an octal number`);
  return parseInt(text, 8);
}

function checksumOk(buf: Buffer, at: number): boolean {
  const stored = cString(buf, at + 148, 8).trim();
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : buf[at + i]!;
  return parseInt(stored, 8) === sum;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const len = Number(data.toString('ascii', i, space));
    if (!Number.isInteger(len) || len <= 0 || i + len > data.length) break;
    const record = data.toString('utf8', space + 1, i + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += len;
  }
  return out;
}

export interface ReadTarOptions {
  /** Stop with an error past this many entries (a bomb of tiny files). */
  maxEntries?: number;
}

export function readTar(buf: Buffer, opts: ReadTarOptions = {}): TarEntry[] {
  const entries: TarEntry[] = [];
  const maxEntries = opts.maxEntries ?? 1_000_000;
  let at = 0;
  let pax: Record<string, string> = {};
  let longName: string | null = null;
  let longLink: string | null = null;
  while (at + BLOCK <= buf.length) {
    if (buf.subarray(at, at + BLOCK).every((b) => b === 0)) break; // end-of-archive
    if (!checksumOk(buf, at)) throw new TarError(`corrupt tar header at byte ${at}: checksum mismatch`);
    const size = octal(buf, at + 124, 12, 'size', at);
    const type = String.fromCharCode(buf[at + 156]!) === '\0' ? '0' : String.fromCharCode(buf[at + 156]!);
    const dataStart = at + BLOCK;
    if (dataStart + size > buf.length) {
      throw new TarError(`truncated tar: entry at byte ${at} declares ${size} bytes but only ${buf.length - dataStart} remain`);
    }
    const data = buf.subarray(dataStart, dataStart + size);
    const next = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') pax = { ...pax, ...parsePax(data) };
    else if (type === 'g') {
      /* global pax header: nothing we use */
    } else if (type === 'L') longName = cString(data, 0, data.length);
    else if (type === 'K') longLink = cString(data, 0, data.length);
    else {
      const magic = buf.toString('ascii', at + 257, at + 262);
      const prefix = magic === 'ustar' ? cString(buf, at + 345, 155) : '';
      const base = cString(buf, at, 100);
      const name = pax.path ?? longName ?? (prefix ? `${prefix}/${base}` : base);
      entries.push({
        name,
        type,
        size: pax.size ? Number(pax.size) : size,
        linkName: pax.linkpath ?? longLink ?? cString(buf, at + 157, 100),
        mode: octal(buf, at + 100, 8, 'mode', at),
        offset: dataStart,
        data,
      });
      if (entries.length > maxEntries) throw new TarError(`tar has more than ${maxEntries} entries`);
      pax = {};
      longName = null;
      longLink = null;
    }
    at = next;
  }
  return entries;
}

/**
 * The first regular member of a .tar.gz whose name matches, read whole (a minirootfs is a few MiB
 * packed, under 16 MiB unpacked). A truncated or corrupt archive is a TarError, never a crash.
 */
export function tarGzMember(bytes: Buffer, match: RegExp, what: string, maxUnpacked = 256 * 1024 * 1024): { name: string; data: Buffer } | null {
  let tar: Buffer;
  try {
    tar = gunzipSync(bytes, { maxOutputLength: maxUnpacked });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ERR_BUFFER_TOO_LARGE' ? `unpacks to more than ${maxUnpacked >> 20} MiB` : (e.message ?? String(err)).split('\n')[0];
    throw new TarError(`${what} is not a readable .tar.gz (${why})`);
  }
  const entry = readTar(tar, { maxEntries: 100_000 }).find((e) => match.test(e.name) && e.type === '0');
  return entry ? { name: entry.name, data: entry.data } : null;
}
