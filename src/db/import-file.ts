/**
 * Recognises an index file by its content and imports it: APKINDEX.tar.gz (signature verified),
 * an apk installed database, or a Debian Packages file (plain, .gz, .xz). Everything is parsed and
 * verified before the database is touched; the import itself is one transaction.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { loadApkIndex, parseApkRecords, type ApkRecord, type IndexTrust } from './apkindex.js';
import { importAlpine, importDebian, type Db } from './database.js';
import { decompressPackages, parsePackages } from './debian-packages.js';

export class ImportError extends Error {}

export interface ImportResult {
  label: string;
  kind: 'apkindex' | 'installed' | 'packages';
  records: number;
  signedBy: string | null;
  description: string;
}

function isGzip(buf: Buffer): boolean {
  return buf[0] === 0x1f && buf[1] === 0x8b;
}

/**
 * Which release, branch and architecture an index answers for: from its label or file name
 * (`v3.22/main/x86_64`, `APKINDEX-v3.22-main-x86_64.tar.gz`), else the release from its DESCRIPTION
 * (`v3.22.2-206-g…`) and the architecture its records carry; the branch stays unknown (null).
 */
export function indexTarget(names: string, description: string, records: ApkRecord[]): { release: string | null; branch: string | null; arch: string | null; date: string | null } {
  const m = /\bv(\d+\.\d+|edge)[/-]([a-z]+)[/-]([a-z0-9_]+)\b/.exec(names);
  const release = m?.[1] ?? /^v(\d+\.\d+)\./.exec(description)?.[1] ?? null;
  const arches = new Set(records.map((r) => r.arch).filter((a) => a && a !== 'noarch'));
  const newest = records.reduce((n, r) => Math.max(n, r.built ?? 0), 0);
  return { release, branch: m?.[2] ?? null, arch: m?.[3] ?? (arches.size === 1 ? [...arches][0]! : null), date: newest ? new Date(newest * 1000).toISOString().slice(0, 10) : null };
}

/** Imports `bytes` (read from `name`) under `label` (default: the file name). */
export async function importIndexBytes(db: Db, bytes: Buffer, name: string, trust: IndexTrust, label?: string): Promise<ImportResult> {
  const l = label ?? basename(name);
  if (bytes.length === 0) throw new ImportError(`${name} is empty`);
  if (!isGzip(bytes) && /\.(tar\.gz|tgz)$/.test(name)) throw new ImportError(`${name} is named like an APKINDEX.tar.gz but is not gzip data`);
  if (isGzip(bytes)) {
    // An APKINDEX is gzip whose first member is a tar; a Packages.gz is gzip of plain text.
    let head: Buffer;
    try {
      head = gunzipSync(bytes.subarray(0, Math.min(bytes.length, 1 << 20)), { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 512);
    } catch (cause) {
      throw new ImportError(`${name}: corrupt gzip data (${(cause as Error).message})`);
    }
    const looksTar = head.length >= 262 && head.toString('ascii', 257, 262) === 'ustar';
    if (looksTar) {
      const idx = loadApkIndex(bytes, trust);
      const records = importAlpine(db, { kind: 'apkindex', label: l, description: idx.description, signedBy: idx.signedBy, ...indexTarget(`${l} ${basename(name)}`, idx.description, idx.records) }, idx.records);
      return { label: l, kind: 'apkindex', records, signedBy: idx.signedBy, description: idx.description };
    }
  }
  const text = await decompressPackages(bytes);
  if (/^Package: /m.test(text.slice(0, 4096))) {
    const records = parsePackages(text);
    if (records.length === 0) throw new ImportError(`${name} has no Package paragraphs`);
    importDebian(db, { kind: 'packages', label: l, description: `${records.length} Debian packages`, signedBy: null }, records);
    return { label: l, kind: 'packages', records: records.length, signedBy: null, description: '' };
  }
  if (/^P:/m.test(text.slice(0, 4096))) {
    const records = parseApkRecords(text);
    if (records.length === 0) throw new ImportError(`${name} has no package records`);
    // The installed database is the root's own state, signed by nothing: the user vouches for it.
    // It is plain text; compressed records without a tar or signature are an index that hides its missing signature.
    if (isGzip(bytes) && !trust.allowUntrusted) throw new ImportError(`${name} is gzip of apk records with no tar and no signature (an installed database is plain text, lib/apk/db/installed); pass --allow-untrusted to import it anyway`);
    importAlpine(db, { kind: 'installed', label: l, description: `${records.length} installed packages`, signedBy: null }, records);
    return { label: l, kind: 'installed', records: records.length, signedBy: null, description: '' };
  }
  throw new ImportError(`${name} is neither an APKINDEX.tar.gz, an apk installed database, nor a Debian Packages file`);
}

export async function importIndexFile(db: Db, path: string, trust: IndexTrust, label?: string): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new ImportError(`cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return importIndexBytes(db, bytes, path, trust, label);
}
