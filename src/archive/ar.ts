/**
 * The Unix ar archive format that .deb files use (deb(5)): "!<arch>\n", then 60-byte member
 * headers (name, mtime, uid, gid, mode, size, "`\n") each followed by the data, padded to an even
 * length. Bounds-checked: a truncated archive raises ArError.
 */
export class ArError extends Error {}

export interface ArMember {
  name: string;
  size: number;
  data: Buffer;
}

export function readAr(buf: Buffer): ArMember[] {
  if (buf.length < 8 || buf.toString('latin1', 0, 8) !== '!<arch>\n') throw new ArError('not an ar archive (bad magic)');
  const members: ArMember[] = [];
  let at = 8;
  while (at < buf.length) {
    if (buf[at] === 0x0a) {
      at++; // padding byte
      continue;
    }
    if (at + 60 > buf.length) throw new ArError(`truncated ar archive: member header at byte ${at} is cut short`);
    if (buf.toString('latin1', at + 58, at + 60) !== '`\n') throw new ArError(`corrupt ar archive: bad member header at byte ${at}`);
    const name = buf.toString('latin1', at, at + 16).trim().replace(/\/$/, '');
    const sizeText = buf.toString('latin1', at + 48, at + 58).trim();
    if (!/^\d+$/.test(sizeText)) throw new ArError(`corrupt ar archive: member ${name} has size "${sizeText}"`);
    const size = Number(sizeText);
    const start = at + 60;
    if (start + size > buf.length) throw new ArError(`truncated ar archive: member ${name} declares ${size} bytes, ${buf.length - start} remain`);
    members.push({ name, size, data: buf.subarray(start, start + size) });
    at = start + size + (size % 2);
  }
  return members;
}
