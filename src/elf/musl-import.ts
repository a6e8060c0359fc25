/**
 * Finds musl's libc (ld-musl-<arch>.so.1) in a file, an Alpine root directory or a minirootfs
 * tarball, and returns the symbols it exports: the ground truth for "does musl have this symbol".
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tarGzMember, TarError } from '../archive/tar.js';
import { alpineArch } from './verdict.js';
import { isElf, parseElf } from './parse.js';
import { exportedSymbols } from './libc-table.js';

export class MuslImportError extends Error {}

export interface MuslTable {
  arch: string;
  source: string;
  symbols: string[];
}

function fromBytes(bytes: Buffer, source: string): MuslTable {
  if (!isElf(bytes)) throw new MuslImportError(`${source} is not an ELF file`);
  const info = parseElf(bytes);
  if (info.exports.length < 500) throw new MuslImportError(`${source} exports only ${info.exports.length} symbols: not musl's libc`);
  return { arch: alpineArch(info.machine, info.bits), source, symbols: [...new Set(info.exports.map((s) => s.name))].sort() };
}

export function readMuslTable(path: string): MuslTable {
  if (!existsSync(path)) throw new MuslImportError(`${path} does not exist`);
  if (statSync(path).isDirectory()) {
    const lib = join(path, 'lib');
    const file = existsSync(lib) ? readdirSync(lib).find((f) => /^ld-musl-.*\.so\.1$/.test(f)) : undefined;
    if (!file) throw new MuslImportError(`no lib/ld-musl-*.so.1 under ${path}: give an Alpine root or the file itself`);
    return fromBytes(readFileSync(join(lib, file)), join(lib, file));
  }
  const bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let entry: { name: string; data: Buffer } | null;
    try {
      entry = tarGzMember(bytes, /(^|\/)lib\/ld-musl-[^/]*\.so\.1$/, path);
    } catch (err) {
      if (err instanceof TarError) throw new MuslImportError(`${err.message}: give an intact alpine-minirootfs-*.tar.gz`);
      throw err;
    }
    if (!entry) throw new MuslImportError(`${path} holds no lib/ld-musl-*.so.1`);
    return fromBytes(entry.data, `${path}:${entry.name}`);
  }
  return fromBytes(bytes, path);
}

/** gcompat's libgcompat.so.0, given as the file or an Alpine root that has lib/libgcompat.so.0. */
export function readGcompatTable(path: string): MuslTable {
  if (!existsSync(path)) throw new MuslImportError(`${path} does not exist`);
  const file = statSync(path).isDirectory() ? join(path, 'lib', 'libgcompat.so.0') : path;
  if (!existsSync(file)) throw new MuslImportError(`no lib/libgcompat.so.0 under ${path}: give an Alpine root with gcompat installed, or the file itself`);
  try {
    const t = exportedSymbols(readFileSync(file), file, 100);
    return { ...t, source: file };
  } catch (err) {
    throw new MuslImportError((err as Error).message);
  }
}
