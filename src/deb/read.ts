/**
 * Reads a .deb without extracting it to disk: the ar container, control.tar and data.tar in any
 * of their compressions, control fields through debian-control, the list of payload files with
 * unsafe names flagged, and an ELF analysis of every binary in the payload. Bounded: members are
 * inflated up to a limit, and problems are returned, never thrown.
 */
import { DEBIAN_NAME } from '../db/curated.js';
import { createRequire } from 'node:module';
import { ArError, readAr } from '../archive/ar.js';
import { compressionOf, decompress, DecompressError } from '../archive/decompress.js';
import { readTar, TarError, type TarEntry } from '../archive/tar.js';
import { ElfError, isElf, parseElf, type ElfInfo } from '../elf/parse.js';
import type { DebControlFacts } from '../scan/result.js';

const require = createRequire(import.meta.url);
const { parse: parseControl } = require('debian-control') as { parse(text: string): Record<string, string | string[]> };

export type DebProblemKind = 'corrupt' | 'bomb' | 'unsafe-path' | 'corrupt-elf';

export interface DebContents extends DebControlFacts {
  control: Record<string, string>;
  files: { path: string; size: number; type: 'file' | 'dir' | 'symlink' | 'other'; mode: number }[];
  elfs: { path: string; info: ElfInfo }[];
  problems: { kind: DebProblemKind; message: string; path?: string }[];
}

function text(v: string | string[] | undefined): string {
  return Array.isArray(v) ? v.join('\n') : (v ?? '');
}

function relations(v: string): string[] {
  return v.split(',').map((d) => d.trim().split(/[\s(|]/)[0]!).filter(Boolean);
}

/** Normalises a payload path; returns null when it would land outside the root. */
export function safePath(name: string): string | null {
  const parts: string[] = [];
  for (const p of name.replace(/^\.\//, '').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(p);
  }
  return name.startsWith('/') ? null : `/${parts.join('/')}`;
}

/** How far readDeb may inflate a package's members when its control file does not say (no Installed-Size): the one limit scan and verify share. */
export const debInflateLimit = (bytes: Buffer) => Math.max(64 * 1024 * 1024, bytes.length * 4);

/** Never inflate data.tar beyond this, whatever Installed-Size claims: memory stays bounded per package. */
export const DEB_DATA_CAP = 512 * 1024 * 1024;

/**
 * The data.tar limit for a package: its own Installed-Size (KiB, the unpacked payload) with a
 * margin for tar headers and padding, never under the size-based limit, never over the cap. Real
 * packages inflate far beyond 4x (libllvm14: 21.8 MB -> 110 MB); a bomb lies about neither its
 * compressed size nor, usefully, this field, so it still stops.
 */
export function dataInflateLimit(installedSize: string | undefined, fallback: number): number {
  const kib = installedSize && /^\d{1,9}$/.test(installedSize.trim()) ? Number(installedSize.trim()) : null;
  if (kib === null) return Math.min(fallback, DEB_DATA_CAP);
  return Math.min(DEB_DATA_CAP, Math.max(fallback, Math.ceil(kib * 1024 * 1.25) + 16 * 1024 * 1024));
}

export async function readDeb(bytes: Buffer, opts: { inflateLimit: number }): Promise<DebContents> {
  const out: DebContents = { control: {}, name: null, version: null, arch: null, depends: [], preDepends: [], provides: [], conflicts: [], scripts: [], files: [], elfs: [], problems: [] };
  let members;
  try {
    members = readAr(bytes);
  } catch (err) {
    out.problems.push({ kind: 'corrupt', message: err instanceof ArError ? err.message : String(err) });
    return out;
  }
  const binary = members.find((m) => m.name === 'debian-binary');
  if (!binary || !/^2\./.test(binary.data.toString('latin1'))) out.problems.push({ kind: 'corrupt', message: 'no debian-binary 2.x member: not a Debian package' });
  const unpack = async (prefix: string, limit: number): Promise<TarEntry[] | null> => {
    const m = members.find((x) => x.name.startsWith(prefix));
    if (!m) {
      out.problems.push({ kind: 'corrupt', message: `no ${prefix}* member` });
      return null;
    }
    try {
      const tar = await decompress(m.data, compressionOf(m.name), limit, m.name);
      return readTar(tar, { maxEntries: 200_000 });
    } catch (err) {
      const bomb = err instanceof DecompressError && /bomb/.test(err.message);
      out.problems.push({ kind: bomb ? 'bomb' : 'corrupt', message: err instanceof DecompressError || err instanceof TarError ? err.message : `${m.name}: ${String(err)}` });
      return null;
    }
  };
  const control = await unpack('control.tar', opts.inflateLimit);
  if (control) {
    const file = control.find((e) => e.name.replace(/^\.\//, '') === 'control');
    if (file) {
      const fields = parseControl(file.data.toString('utf8').trim());
      for (const [k, v] of Object.entries(fields)) out.control[k] = text(v);
      const name = out.control.Package ?? null;
      // The name becomes paths and APKBUILD fields later: only a name Debian policy allows is kept.
      out.name = name !== null && DEBIAN_NAME.test(name) ? name : null;
      if (out.name === null) out.problems.push({ kind: 'corrupt', message: name === null ? 'the control file has no Package field' : `Package "${name.slice(0, 80)}" is not a valid Debian package name` });
      out.version = out.control.Version ?? null;
      out.arch = out.control.Architecture ?? null;
      out.depends = relations(out.control.Depends ?? '');
      out.preDepends = relations(out.control['Pre-Depends'] ?? '');
      out.provides = relations(out.control.Provides ?? '');
      out.conflicts = relations(out.control.Conflicts ?? '');
    } else out.problems.push({ kind: 'corrupt', message: 'control.tar has no control file' });
    out.scripts = control.map((e) => e.name.replace(/^\.\//, '')).filter((n) => ['preinst', 'postinst', 'prerm', 'postrm', 'config', 'triggers'].includes(n)).sort();
  }
  const data = await unpack('data.tar', dataInflateLimit(out.control['Installed-Size'], opts.inflateLimit));
  for (const e of data ?? []) {
    const path = safePath(e.name);
    if (path === null) {
      out.problems.push({ kind: 'unsafe-path', message: `payload name ${e.name} escapes the package root`, path: e.name });
      continue;
    }
    // A hard link to ../../etc/passwd is as much an escape as a name that says so.
    if (e.type === '1' && safePath(e.linkName) === null) {
      out.problems.push({ kind: 'unsafe-path', message: `hard link ${e.name} points to ${e.linkName}, outside the package root`, path: e.name });
      continue;
    }
    const type = e.type === '0' || e.type === '7' ? 'file' : e.type === '5' ? 'dir' : e.type === '2' ? 'symlink' : 'other';
    if (path === '/' && type === 'dir') continue;
    out.files.push({ path, size: e.size, type, mode: e.mode });
    if (type === 'file' && isElf(e.data)) {
      try {
        out.elfs.push({ path, info: parseElf(e.data) });
      } catch (err) {
        out.problems.push({ kind: 'corrupt-elf', message: err instanceof ElfError ? err.message : String(err), path });
      }
    }
  }
  return out;
}
