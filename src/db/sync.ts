/**
 * `migrate db sync`: downloads APKINDEX.tar.gz for each repository of a release from an Alpine
 * mirror and imports it. The only network access of the tool besides the GitHub client.
 */
import type { IndexTrust } from './apkindex.js';
import type { Db } from './database.js';
import { importIndexBytes, type ImportResult } from './import-file.js';
import { DEFAULT_LIMITS, fetchBytes, NetError, type Limits } from '../net/bounded-fetch.js';

export const DEFAULT_MIRROR = 'https://dl-cdn.alpinelinux.org/alpine';

export class SyncError extends Error {}

export interface SyncOptions {
  mirror: string;
  release: string;
  arch: string;
  repos: string[];
  trust: IndexTrust;
  /** Network limits (src/net/bounded-fetch.ts); an APKINDEX is a few MiB, main's about 1. */
  limits?: Partial<Limits>;
}

export async function syncIndexes(db: Db, opts: SyncOptions): Promise<ImportResult[]> {
  const release = /^(v\d+\.\d+|edge)$/.test(opts.release) ? opts.release : `v${opts.release.replace(/^v/, '')}`;
  // Download and verify everything first, so a failure leaves the database as it was.
  const downloads: { url: string; label: string; bytes: Buffer }[] = [];
  for (const repo of opts.repos) {
    const url = `${opts.mirror.replace(/\/+$/, '')}/${release}/${repo}/${opts.arch}/APKINDEX.tar.gz`;
    let res: { status: number; bytes: Buffer };
    try {
      res = await fetchBytes(url, { ...DEFAULT_LIMITS, maxBytes: 32 * 1024 * 1024, ...opts.limits });
    } catch (cause) {
      if (cause instanceof NetError) throw new SyncError(`cannot download ${cause.message}; check --mirror and the network`);
      throw cause;
    }
    if (res.status < 200 || res.status > 299) throw new SyncError(`${url} answered HTTP ${res.status}; check --release, --arch and --mirror`);
    downloads.push({ url, label: `${release}/${repo}/${opts.arch}`, bytes: res.bytes });
  }
  const { loadApkIndex } = await import('./apkindex.js');
  for (const d of downloads) loadApkIndex(d.bytes, opts.trust); // throws on a bad index before any import
  const results: ImportResult[] = [];
  for (const d of downloads) results.push(await importIndexBytes(db, d.bytes, d.url, opts.trust, d.label));
  return results;
}
