/**
 * The Alpine minirootfs verify runs in: --rootfs, else the user's cache, else a download from the
 * Alpine CDN, checked against the SHA-256 pinned in mappings/alpine-minirootfs.tsv before it is kept.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { minirootfs } from '../knowledge/alpine-release.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { fetchBytes } from '../net/bounded-fetch.js';

/** Node's names for the architectures Alpine publishes a minirootfs for. */
export const HOST_ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'migrate');
}

export async function findRootfs(given: string | undefined, release: string, arch: string, io: CliIo): Promise<string> {
  if (given) {
    if (!existsSync(given) || !statSync(given).isFile()) throw new UsageError(`--rootfs ${given}: no such file; give an alpine-minirootfs-*.tar.gz`);
    return given;
  }
  const m = minirootfs(release, arch);
  if (!m.file || !m.sha256) throw new UsageError(`no checksum for Alpine ${release} ${arch} in mappings/alpine-minirootfs.tsv; pass --rootfs with the tarball`, EXIT.environment);
  const cached = join(cacheDir(), m.file);
  if (existsSync(cached)) return cached;
  io.stderr(`downloading ${m.directory}${m.file}\n`);
  let bytes: Buffer;
  try {
    const res = await fetchBytes(`${m.directory}${m.file}`);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    bytes = res.bytes;
  } catch (err) {
    throw new UsageError(`cannot download ${m.file} (${(err as Error).message}); pass --rootfs with the tarball`, EXIT.environment);
  }
  const sum = createHash('sha256').update(bytes).digest('hex');
  if (sum !== m.sha256) throw new UsageError(`${m.file}: checksum ${sum} is not the pinned ${m.sha256}; not used`, EXIT.environment);
  mkdirSync(cacheDir(), { recursive: true });
  writeFileSync(`${cached}.part`, bytes);
  renameSync(`${cached}.part`, cached);
  return cached;
}

/** A statically linked bash for this machine (Debian's bash-static), the stand-in for Alpine's bash. */
export function bashStatic(): string | null {
  for (const p of ['/bin/bash-static', '/usr/bin/bash-static']) if (existsSync(p)) return p;
  return null;
}
