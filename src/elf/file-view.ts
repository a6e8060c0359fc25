/**
 * An ELF file read by offset instead of whole: the parser asks for its headers, the dynamic
 * section, the symbol, string, version and relocation tables, and only the 64 KiB blocks holding
 * them are read, a few at a time (at most MAX_BLOCKS held). A 100 MB library costs its tables, not
 * its code. Offers the part of Buffer's interface the parser uses, so a Buffer (an ELF inside a
 * .deb, already in memory) and a file go through the same code.
 */
import { readSync } from 'node:fs';

export interface ElfBytes {
  readonly length: number;
  at(index: number): number | undefined;
  readUInt16LE(offset: number): number;
  readUInt16BE(offset: number): number;
  readUInt32LE(offset: number): number;
  readUInt32BE(offset: number): number;
  readBigUInt64LE(offset: number): bigint;
  readBigUInt64BE(offset: number): bigint;
  subarray(start: number, end: number): Buffer;
  toString(encoding: 'latin1', start: number, end: number): string;
  /** Where the first byte `value` is in [from, stop), relative to `from`, or -1. */
  offsetOf(value: number, from: number, stop: number): number;
  /** A hint: [off, off + len) is a table about to be walked, worth reading in one piece. */
  hold?(off: number, len: number): void;
}

/** A Buffer as ElfBytes (an ELF inside a .deb, already in memory): its own methods, and offsetOf over a view. */
export class BufferBytes implements ElfBytes {
  constructor(private readonly buf: Buffer) {}
  get length(): number {
    return this.buf.length;
  }
  at(i: number): number | undefined {
    return this.buf[i];
  }
  readUInt16LE(o: number): number {
    return this.buf.readUInt16LE(o);
  }
  readUInt16BE(o: number): number {
    return this.buf.readUInt16BE(o);
  }
  readUInt32LE(o: number): number {
    return this.buf.readUInt32LE(o);
  }
  readUInt32BE(o: number): number {
    return this.buf.readUInt32BE(o);
  }
  readBigUInt64LE(o: number): bigint {
    return this.buf.readBigUInt64LE(o);
  }
  readBigUInt64BE(o: number): bigint {
    return this.buf.readBigUInt64BE(o);
  }
  subarray(start: number, end: number): Buffer {
    return this.buf.subarray(start, end);
  }
  toString(encoding: 'latin1', start: number, end: number): string {
    return this.buf.toString(encoding, start, end);
  }
  offsetOf(value: number, from: number, stop: number): number {
    return this.buf.subarray(from, stop).indexOf(value);
  }
}

const BLOCK = 1 << 16;
const MAX_BLOCKS = 32;
/** What the held tables of one file may take together; past it, reads fall back to blocks. */
const MAX_HELD = 64 << 20;

export class FileView implements ElfBytes {
  private readonly blocks = new Map<number, Buffer>();
  /** Bytes read from the file so far: what a verdict cost. */
  bytesRead = 0;
  // The block read last, and where in it the last span starts: most reads fall in the same block.
  private lastIndex = -1;
  private last: Buffer = Buffer.alloc(0);
  private rel = 0;
  // Tables read whole: a symbol's name is anywhere in the string table, so walking the symbols
  // through 64 KiB blocks read each block of the strings again and again.
  private readonly held: { start: number; end: number; buf: Buffer }[] = [];
  private heldBytes = 0;

  hold(off: number, len: number): void {
    if (len <= BLOCK || this.heldBytes + len > MAX_HELD || this.held.some((h) => h.start <= off && off + len <= h.end)) return;
    const buf = Buffer.allocUnsafe(len);
    let at = 0;
    while (at < len) {
      const got = readSync(this.fd, buf, at, len - at, off + at);
      if (got === 0) break;
      at += got;
    }
    this.bytesRead += at;
    this.heldBytes += len;
    this.held.push({ start: off, end: off + at, buf: buf.subarray(0, at) });
  }

  constructor(
    private readonly fd: number,
    readonly length: number,
  ) {}

  private block(index: number): Buffer {
    if (index === this.lastIndex) return this.last;
    let b = this.blocks.get(index);
    if (b) {
      this.lastIndex = index;
      this.last = b;
      return b;
    }
    const start = index * BLOCK;
    const size = Math.min(BLOCK, this.length - start);
    b = Buffer.allocUnsafe(Math.max(0, size));
    let at = 0;
    while (at < size) {
      const got = readSync(this.fd, b, at, size - at, start + at);
      if (got === 0) break;
      at += got;
    }
    this.bytesRead += at;
    b = b.subarray(0, at);
    this.blocks.set(index, b);
    // The oldest read goes first: tables are read front to back, a block is rarely wanted again late.
    if (this.blocks.size > MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value!);
    this.lastIndex = index;
    this.last = b;
    return b;
  }

  /** The buffer holding [o, o + n) and, in `rel`, where the span starts in it: no copy within a block. */
  private span(o: number, n: number): Buffer {
    for (const h of this.held) {
      if (h.start <= o && o + n <= h.end) {
        this.rel = o - h.start;
        return h.buf;
      }
    }
    const i = Math.floor(o / BLOCK);
    if (Math.floor((o + n - 1) / BLOCK) === i) {
      this.rel = o - i * BLOCK;
      return this.block(i);
    }
    this.rel = 0;
    return this.subarray(o, o + n);
  }

  offsetOf(value: number, from: number, stop: number): number {
    for (const h of this.held) {
      if (h.start <= from && from < h.end) {
        const k = h.buf.subarray(from - h.start, Math.min(stop, h.end) - h.start).indexOf(value);
        if (k >= 0 || stop <= h.end) return k;
        break;
      }
    }
    for (let at = from; at < Math.min(stop, this.length); ) {
      const i = Math.floor(at / BLOCK);
      const b = this.block(i);
      const end = Math.min(b.length, stop - i * BLOCK);
      const k = b.subarray(at - i * BLOCK, end).indexOf(value);
      if (k >= 0) return at + k - from;
      if (end <= at - i * BLOCK) return -1;
      at = i * BLOCK + end;
    }
    return -1;
  }

  /** `len` bytes at `off`: a view into one block, or a copy when they span two or more. */
  subarray(start: number, end: number): Buffer {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    for (const h of this.held) if (h.start <= from && to <= h.end) return h.buf.subarray(from - h.start, to - h.start);
    const first = Math.floor(from / BLOCK);
    if (Math.floor(Math.max(from, to - 1) / BLOCK) === first) {
      const b = this.block(first);
      return b.subarray(from - first * BLOCK, to - first * BLOCK);
    }
    const out = Buffer.allocUnsafe(to - from);
    for (let at = from; at < to; ) {
      const i = Math.floor(at / BLOCK);
      const b = this.block(i);
      const n = b.copy(out, at - from, at - i * BLOCK, Math.min(b.length, to - i * BLOCK));
      if (n === 0) return out.subarray(0, at - from);
      at += n;
    }
    return out;
  }

  at(index: number): number | undefined {
    return index < 0 || index >= this.length ? undefined : this.span(index, 1)[this.rel];
  }
  readUInt16LE(o: number): number {
    return this.span(o, 2).readUInt16LE(this.rel);
  }
  readUInt16BE(o: number): number {
    return this.span(o, 2).readUInt16BE(this.rel);
  }
  readUInt32LE(o: number): number {
    return this.span(o, 4).readUInt32LE(this.rel);
  }
  readUInt32BE(o: number): number {
    return this.span(o, 4).readUInt32BE(this.rel);
  }
  readBigUInt64LE(o: number): bigint {
    return this.span(o, 8).readBigUInt64LE(this.rel);
  }
  readBigUInt64BE(o: number): bigint {
    return this.span(o, 8).readBigUInt64BE(this.rel);
  }
  toString(encoding: 'latin1', start: number, end: number): string {
    return this.subarray(start, end).toString(encoding);
  }
}
