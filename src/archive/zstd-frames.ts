/**
 * The frame headers of zstd data (RFC 8878), read before decoding: a decoder sizes its window
 * from what a frame declares, so a crafted header can ask for gigabytes before one byte comes
 * out. Each frame's window and declared content size are checked against the output limit first.
 */
export class ZstdFrameError extends Error {}

const FRAME_MAGIC = 0xfd2fb528;
/** A decoder need not support windows above this (RFC 8878 recommends 8 MiB; zstd's own limit is 2 GiB). */
export const MAX_ZSTD_WINDOW = 128 * 1024 * 1024;

export interface ZstdFrame {
  window: number;
  contentSize: number | null;
}

/** Every frame's window and declared size; stops at the first byte that is not a frame (the decoder then reports it). */
export function zstdFrames(data: Uint8Array): ZstdFrame[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const frames: ZstdFrame[] = [];
  let at = 0;
  while (at + 4 <= data.length) {
    const magic = view.getUint32(at, true);
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      // A skippable frame: its size follows the magic.
      if (at + 8 > data.length) break;
      at += 8 + view.getUint32(at + 4, true);
      continue;
    }
    if (magic !== FRAME_MAGIC || at + 5 > data.length) break;
    const fhd = data[at + 4]!;
    const fcsFlag = fhd >> 6;
    const single = (fhd >> 5) & 1;
    const dictFlag = fhd & 3;
    let p = at + 5;
    let window = 0;
    if (!single) {
      const wd = data[p++] ?? 0;
      const log = 10 + (wd >> 3);
      const base = 2 ** log;
      window = base + (base / 8) * (wd & 7);
    }
    p += [0, 1, 2, 4][dictFlag]!;
    const fcsBytes = fcsFlag === 0 ? (single ? 1 : 0) : [0, 2, 4, 8][fcsFlag]!;
    let contentSize: number | null = null;
    if (fcsBytes && p + fcsBytes <= data.length) {
      if (fcsBytes === 1) contentSize = data[p]!;
      else if (fcsBytes === 2) contentSize = view.getUint16(p, true) + 256;
      else if (fcsBytes === 4) contentSize = view.getUint32(p, true);
      else contentSize = Number(view.getBigUint64(p, true));
    }
    p += fcsBytes;
    if (single) window = contentSize ?? 0;
    frames.push({ window, contentSize });
    // Blocks: a 3-byte header each (last flag, type, size); an RLE block stores one byte.
    for (let last = false; !last; ) {
      if (p + 3 > data.length) return frames;
      const h = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16);
      last = (h & 1) === 1;
      const type = (h >> 1) & 3;
      const size = h >>> 3;
      p += 3 + (type === 1 ? 1 : size);
    }
    if ((fhd >> 2) & 1) p += 4; // content checksum
    at = p;
  }
  return frames;
}

/** Refuses data whose frames declare more than `limit` bytes of output or a window past the cap. */
export function checkZstdFrames(data: Uint8Array, limit: number, what: string): void {
  let declared = 0;
  for (const f of zstdFrames(data)) {
    if (f.window > Math.min(limit, MAX_ZSTD_WINDOW)) throw new ZstdFrameError(`${what}: a zstd frame asks for a ${f.window}-byte window, past the ${Math.min(limit, MAX_ZSTD_WINDOW)}-byte limit (a decompression bomb?)`);
    declared += f.contentSize ?? 0;
    if (declared > limit) throw new ZstdFrameError(`${what} declares ${declared} bytes of content, more than ${limit} (a decompression bomb?)`);
  }
}
