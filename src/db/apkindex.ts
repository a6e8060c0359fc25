/**
 * Alpine package indexes: APKINDEX.tar.gz (two concatenated gzip members: a tar holding the RSA
 * signature, then a tar holding DESCRIPTION and APKINDEX, the signature being over the raw bytes
 * of the second member) and the installed database lib/apk/db/installed (same record format).
 * See https://wiki.alpinelinux.org/wiki/Apk_spec.
 */
import { verify } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readTar, TarError } from '../archive/tar.js';

export class IndexError extends Error {}

export interface ApkRecord {
  name: string;
  version: string;
  arch: string;
  origin: string;
  description: string;
  depends: string[];
  /** `so:libfoo.so.1`, `cmd:foo`, `pc:foo`, or a plain virtual name; versions stripped. */
  provides: string[];
  /** Build time (apk's t:, seconds since the epoch), when the record has one. */
  built?: number;
}

/** 256 MiB: far above any real index (the largest is ~6 MB unpacked), far below a bomb. */
const MAX_INFLATED = 256 * 1024 * 1024;

interface GzipMember {
  raw: Buffer;
  data: Buffer;
}

/** Splits concatenated gzip members (RFC 1952), inflating each with a size limit. */
export function gzipMembers(buf: Buffer, maxInflated = MAX_INFLATED): GzipMember[] {
  const members: GzipMember[] = [];
  let at = 0;
  while (at < buf.length) {
    if (buf[at] !== 0x1f || buf[at + 1] !== 0x8b || buf[at + 2] !== 8) {
      throw new IndexError(`not gzip data at byte ${at}`);
    }
    const flags = buf[at + 3]!;
    let p = at + 10;
    if (flags & 4) p += 2 + buf.readUInt16LE(p); // FEXTRA
    if (flags & 8) p = buf.indexOf(0, p) + 1; // FNAME
    if (flags & 16) p = buf.indexOf(0, p) + 1; // FCOMMENT
    if (flags & 2) p += 2; // FHCRC
    if (p <= at || p > buf.length) throw new IndexError(`truncated gzip header at byte ${at}`);
    let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      inflated = inflateRawSync(buf.subarray(p), { info: true, maxOutputLength: maxInflated }) as unknown as typeof inflated;
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw new IndexError(`gzip member at byte ${at} inflates to more than ${maxInflated} bytes`);
      throw new IndexError(`corrupt or truncated gzip member at byte ${at} (${(cause as Error).message})`);
    }
    const end = p + inflated.engine.bytesWritten + 8;
    if (end > buf.length) throw new IndexError(`truncated gzip member at byte ${at}: its trailer is missing (corrupt or cut short)`);
    if (buf.readUInt32LE(end - 4) !== (inflated.buffer.length >>> 0)) throw new IndexError(`corrupt gzip member at byte ${at}: the length in its trailer is wrong`);
    members.push({ raw: buf.subarray(at, end), data: inflated.buffer });
    at = end;
  }
  return members;
}

export interface IndexTrust {
  /** Directory of *.rsa.pub keys; Alpine's own is /etc/apk/keys. */
  keysDir: string;
  allowUntrusted: boolean;
}

export interface LoadedIndex {
  description: string;
  records: ApkRecord[];
  /** The key that verified the signature, or null when accepted untrusted. */
  signedBy: string | null;
}

/** Reads and verifies an APKINDEX.tar.gz. Throws IndexError when it is corrupt or untrusted. */
/** An Alpine key file name (alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub). */
const KEY_NAME = /^[A-Za-z0-9@_-][A-Za-z0-9@._-]*$/;

export function loadApkIndex(buf: Buffer, trust: IndexTrust): LoadedIndex {
  let members: GzipMember[];
  try {
    members = gzipMembers(buf);
  } catch (err) {
    throw err instanceof IndexError ? err : new IndexError(String(err));
  }
  const tarOf = (m: GzipMember) => {
    try {
      return readTar(m.data);
    } catch (err) {
      throw new IndexError(err instanceof TarError ? err.message : String(err));
    }
  };
  const first = members[0] ? tarOf(members[0]) : [];
  const sig = first.find((e) => e.name.startsWith('.SIGN.RSA'));
  let signedBy: string | null = null;
  let content = first;
  if (sig) {
    const second = members[1];
    if (!second) throw new IndexError('signed index has no content after its signature (truncated?)');
    const m = /^\.SIGN\.RSA(256)?\.(.+)$/.exec(sig.name)!;
    const keyName = m[2]!;
    // The index names its key; it must never choose the file: a plain name from a safe alphabet,
    // matched against the trusted directory's own listing, not joined as a path.
    if (!KEY_NAME.test(keyName)) throw new IndexError(`signed by a key named ${JSON.stringify(keyName.slice(0, 80))}, which is not a key file name (letters, digits, ".", "_", "-", "@"); refusing it`);
    const trusted = existsSync(trust.keysDir) ? readdirSync(trust.keysDir).includes(keyName) : false;
    const keyPath = join(trust.keysDir, keyName);
    if (!trusted) {
      if (!trust.allowUntrusted) throw new IndexError(`signed by ${keyName}, which is not in ${trust.keysDir}; pass --keys DIR with Alpine's keys, or --allow-untrusted`);
    } else {
      const ok = verify(m[1] ? 'sha256' : 'sha1', second.raw, readFileSync(keyPath, 'utf8'), sig.data);
      if (!ok) throw new IndexError(`bad signature: the index does not match its signature by ${keyName} (tampered or corrupt)`);
      signedBy = keyName;
    }
    content = tarOf(second);
  } else if (!trust.allowUntrusted) {
    throw new IndexError('the index is not signed; pass --allow-untrusted to import it anyway');
  }
  const apkindex = content.find((e) => e.name === 'APKINDEX');
  if (!apkindex) throw new IndexError('no APKINDEX file inside the index archive');
  const description = content.find((e) => e.name === 'DESCRIPTION')?.data.toString('utf8').trim() ?? '';
  return { description, records: parseApkRecords(apkindex.data.toString('utf8')), signedBy };
}

function stripVersion(dep: string): string {
  return dep.replace(/[<>=~].*$/, '');
}

/** Parses blank-line separated `X:value` records (APKINDEX and lib/apk/db/installed). */
export function parseApkRecords(text: string): ApkRecord[] {
  const records: ApkRecord[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const f: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.length > 2 && line[1] === ':' && !(line[0]! in f)) f[line[0]!] = line.slice(2);
    }
    if (!f.P || !f.V) continue;
    records.push({
      name: f.P,
      version: f.V,
      arch: f.A ?? '',
      origin: f.o ?? f.P,
      description: f.T ?? '',
      depends: (f.D ?? '').split(/\s+/).filter(Boolean).map(stripVersion),
      provides: (f.p ?? '').split(/\s+/).filter(Boolean).map(stripVersion),
      ...(f.t ? { built: Number(f.t) } : {}),
    });
  }
  return records;
}
