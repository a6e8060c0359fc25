/**
 * Drop-ins the build puts in place itself: `COPY files/ssh_override.conf
 * /lib/systemd/system/ssh.service.d/override.conf` ships a drop-in under another name, which the
 * file's own path does not show. Each such file is parsed as a drop-in of the unit its destination
 * names, so the unit is merged and converted as systemd would see it in the image.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUnitFile, UNIT_TYPES } from '../systemd/parse.js';
import type { ScanResult, UnitFileFact } from './result.js';

const DROP_IN_DIR = new RegExp(`^/(?:etc|lib|usr/lib|run)/systemd/system/([^/]+\\.(?:${UNIT_TYPES.join('|')}))\\.d(?:/([^/]+\\.conf))?/?$`);
const MAX_BYTES = 1 << 16;

export function copiedDropIns(result: Pick<ScanResult, 'root' | 'references' | 'files' | 'unitFiles'>): UnitFileFact[] {
  const parsed = new Set(result.unitFiles.map((u) => u.file));
  const out: UnitFileFact[] = [];
  for (const ref of result.references) {
    if (ref.kind !== 'copy' || !ref.dest || ref.from) continue;
    const m = DROP_IN_DIR.exec(ref.dest);
    if (!m || ref.sources.length !== 1) continue;
    const src = ref.sources[0]!.replace(/^\.\//, '');
    // The build context is the Dockerfile's directory or an ancestor: match the source by its tail.
    const found = result.files.filter((f) => f.file === src || f.file.endsWith(`/${src}`));
    if (found.length !== 1 || parsed.has(found[0]!.file)) continue;
    const file = found[0]!.file;
    try {
      const abs = join(result.root, file);
      // A link is not followed (it may point out of the repository), as the walk follows none.
      const st = lstatSync(abs);
      if (!st.isFile() || st.size > MAX_BYTES) continue;
      const unit = parseUnitFile(readFileSync(abs, 'utf8'), file);
      out.push({ file, unit: m[1]!, dropIn: true, entries: unit.entries });
      parsed.add(file);
    } catch {
      // Unreadable now: the walk already reported what it could not read.
    }
  }
  return out;
}
