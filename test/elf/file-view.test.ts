/** ELF files read by offset (FileView) give the same facts as the whole file, reading far less of it. */
import { closeSync, lstatSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileView } from '../../src/elf/file-view.js';
import { isElf, parseElf } from '../../src/elf/parse.js';
import { need } from '../support.js';

const LIB = '/usr/lib/x86_64-linux-gnu';
const real = (() => {
  try {
    return readdirSync(LIB).map((n) => join(LIB, n)).filter((p) => lstatSync(p).isFile() && lstatSync(p).size > 200_000).filter((p) => isElf(readFileSync(p).subarray(0, 4))).sort().slice(0, 40);
  } catch {
    return [];
  }
})();
const ok = need(`real shared libraries in ${LIB}`, real.length >= 10);

function viewed(path: string) {
  const fd = openSync(path, 'r');
  try {
    const view = new FileView(fd, lstatSync(path).size);
    return { info: parseElf(view), read: view.bytesRead };
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!ok)('FileView', () => {
  it('gives every fact the whole-file parse gives, on 40 real libraries, reading less than half of them', () => {
    let read = 0;
    let size = 0;
    for (const p of real) {
      const v = viewed(p);
      expect(v.info, p).toEqual(parseElf(readFileSync(p)));
      read += v.read;
      size += lstatSync(p).size;
    }
    expect(read).toBeLessThan(size / 2);
  });

  it('reports corrupt input as the Buffer path does', () => {
    const p = real[0]!;
    const fd = openSync(p, 'r');
    try {
      // A length beyond the file: the section headers the header points at lie outside what it says.
      expect(() => parseElf(new FileView(fd, 200))).toThrow(/corrupt ELF|truncated/);
    } finally {
      closeSync(fd);
    }
  });
});
