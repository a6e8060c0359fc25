/**
 * zstd frame headers read before decoding: real frames (the zstd tool's) are read as they are, and
 * a frame that declares a huge window or more content than the limit is refused before the
 * decoder allocates anything.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decompress, DecompressError } from '../../src/archive/decompress.js';
import { checkZstdFrames, zstdFrames } from '../../src/archive/zstd-frames.js';
import { hasTool, need } from '../support.js';

/** A frame: magic, a header descriptor, its window byte or content size, then one empty last raw block. */
function frame(fhd: number, rest: number[]): Buffer {
  return Buffer.from([0x28, 0xb5, 0x2f, 0xfd, fhd, ...rest, 0x01, 0x00, 0x00]);
}

describe.skipIf(!need('zstd (apt-get install zstd)', hasTool('zstd')))('real zstd frames', () => {
  it.each([[0], [1000], [3 << 20]])('%i bytes: one frame, its content size, a window it needs', async (n) => {
    const input = Buffer.concat([randomBytes(Math.min(n, 4096)), Buffer.alloc(Math.max(0, n - 4096), 7)]);
    // From a file, so zstd knows the size and writes it into the frame header.
    const file = join(mkdtempSync(join(tmpdir(), 'migrate-zstd-')), 'in');
    writeFileSync(file, input);
    const z = execFileSync('zstd', ['-q', '-c', '-19', file]);
    const frames = zstdFrames(z);
    expect(frames.map((f) => f.contentSize)).toEqual([n]);
    expect(frames[0]!.window).toBeLessThanOrEqual(8 << 20);
    expect(Buffer.compare(await decompress(z, 'zstd', 64 << 20, 'x.zst'), input)).toBe(0);
  });
});

describe('crafted zstd frames', () => {
  it('a window of 2 TiB is refused before decoding', async () => {
    const bomb = frame(0x00, [0xf8]); // Window_Descriptor: exponent 31 -> 2^41 bytes
    expect(zstdFrames(bomb)).toEqual([{ window: 2 ** 41, contentSize: null }]);
    await expect(decompress(bomb, 'zstd', 64 << 20, 'data.tar.zst')).rejects.toThrow(DecompressError);
    await expect(decompress(bomb, 'zstd', 64 << 20, 'data.tar.zst')).rejects.toThrow(/asks for a 2199023255552-byte window/);
  });

  it('a declared content size past the limit is refused, a small one passes', () => {
    const big = frame(0xc0, [0x00, ...Buffer.from(new BigUint64Array([5n << 32n]).buffer)]); // a 1 KiB window, an 8-byte content size
    expect(() => checkZstdFrames(big, 64 << 20, 'x')).toThrow(/declares 21474836480 bytes/);
    expect(() => checkZstdFrames(frame(0x20, [100]), 64 << 20, 'x')).not.toThrow();
  });
});
