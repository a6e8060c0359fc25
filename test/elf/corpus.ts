import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isElf, parseElf, type ElfInfo } from '../../src/elf/parse.js';

/**
 * Real x86_64 ELF files of this machine: programs and libraries, in a stable order. A real file
 * the parser throws on is a parser bug: it goes into `failures` for the caller to assert on.
 */
export function elfCorpus(filter: (info: ElfInfo) => boolean, limit: number, failures: string[] = []): { path: string; info: ElfInfo }[] {
  const dirs = ['/usr/bin', '/usr/sbin', '/usr/lib/x86_64-linux-gnu'];
  const out: { path: string; info: ElfInfo }[] = [];
  for (const dir of dirs) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      if (out.length >= limit) return out;
      const p = join(dir, n);
      const st = lstatSync(p);
      if (!st.isFile() || st.size > 64 * 1024 * 1024 || st.size < 64) continue;
      const buf = readFileSync(p);
      if (!isElf(buf)) continue;
      try {
        const info = parseElf(buf);
        if (filter(info)) out.push({ path: p, info });
      } catch (err) {
        failures.push(`${p}: ${(err as Error).message}`);
      }
    }
  }
  return out;
}
