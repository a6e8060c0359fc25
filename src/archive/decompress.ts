/**
 * Decompression with an output limit for the members of .deb files: gzip (zlib), xz
 * (xz-decompress, WebAssembly) and zstd (fzstd, pure JavaScript; Node 20 has no zstd), or none.
 * Exceeding the limit raises DecompressError: a decompression bomb is refused, not inflated.
 */
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { checkZstdFrames } from './zstd-frames.js';

export class DecompressError extends Error {}

const require = createRequire(import.meta.url);

export type Compression = 'gzip' | 'xz' | 'zstd' | 'bzip2' | 'none';

export function compressionOf(name: string): Compression {
  if (name.endsWith('.gz')) return 'gzip';
  if (name.endsWith('.xz')) return 'xz';
  if (name.endsWith('.zst')) return 'zstd';
  if (name.endsWith('.bz2')) return 'bzip2';
  return 'none';
}

export async function decompress(data: Buffer, kind: Compression, limit: number, what: string): Promise<Buffer> {
  switch (kind) {
    case 'none':
      return data;
    case 'gzip':
      try {
        return gunzipSync(data, { maxOutputLength: limit });
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new DecompressError(`${what} inflates to more than ${limit} bytes (a decompression bomb?)`);
        throw new DecompressError(`${what}: corrupt or truncated gzip data (${(cause as Error).message})`);
      }
    case 'zstd': {
      // Frame headers first: the decoder would allocate the window a frame declares before any check.
      try {
        checkZstdFrames(data, limit, what);
      } catch (cause) {
        throw new DecompressError((cause as Error).message);
      }
      const { Decompress } = require('fzstd') as { Decompress: new (cb: (chunk: Uint8Array, final: boolean) => void) => { push(chunk: Uint8Array, final?: boolean): void } };
      const chunks: Uint8Array[] = [];
      let total = 0;
      let done = false;
      const stream = new Decompress((chunk, final) => {
        total += chunk.length;
        if (total > limit) throw new DecompressError(`${what} inflates to more than ${limit} bytes (a decompression bomb?)`);
        chunks.push(chunk);
        if (final) done = true;
      });
      try {
        // Feed in slices so the limit is checked as output grows, not after.
        for (let at = 0; at < data.length; at += 1 << 16) stream.push(data.subarray(at, Math.min(data.length, at + (1 << 16))), at + (1 << 16) >= data.length);
      } catch (cause) {
        if (cause instanceof DecompressError) throw cause;
        throw new DecompressError(`${what}: corrupt or truncated zstd data (${(cause as Error).message})`);
      }
      if (!done) throw new DecompressError(`${what}: truncated zstd data`);
      return Buffer.concat(chunks);
    }
    case 'xz': {
      type XzModule = { XzReadableStream: new (s: ReadableStream) => ReadableStream<Uint8Array> };
      const mod = (await import('xz-decompress')) as unknown as XzModule & { default?: XzModule };
      const Xz = mod.XzReadableStream ?? mod.default!.XzReadableStream;
      const chunks: Uint8Array[] = [];
      let total = 0;
      try {
        for await (const chunk of new Xz(new Blob([new Uint8Array(data)]).stream()) as unknown as AsyncIterable<Uint8Array>) {
          total += chunk.length;
          if (total > limit) throw new DecompressError(`${what} inflates to more than ${limit} bytes (a decompression bomb?)`);
          chunks.push(chunk);
        }
      } catch (cause) {
        if (cause instanceof DecompressError) throw cause;
        throw new DecompressError(`${what}: corrupt or truncated xz data (${(cause as Error).message})`);
      }
      return Buffer.concat(chunks);
    }
    case 'bzip2':
      throw new DecompressError(`${what}: bzip2 members are not supported (dpkg-deb has not written them for years)`);
  }
}
