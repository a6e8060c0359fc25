/**
 * .deb files the Ubuntu build makes from what it compiled (checkinstall, dpkg-deb --build) become
 * plain tarballs in the Alpine build (the migration plan's "plain tarballs or ad-hoc .apk"): Alpine
 * has neither tool, and a tarball of the install tree is what `apk`-less stages can unpack with
 * BusyBox tar. The .deb's name keeps its stem, so every later mv, COPY --from and install follows.
 */
import { posix } from 'node:path';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `libqmi.deb`, `libqmi_1.36-1_arm64.deb`, `libqmi*.deb` for the stem libqmi. */
function stemPattern(stems: readonly string[]): string {
  return `(?:${stems.map(escape).join('|')})(?:[_*][^\\s"'/]*)?`;
}

export function isBuiltDeb(path: string, stems: readonly string[]): boolean {
  return stems.length > 0 && new RegExp(`^${stemPattern(stems)}\\.deb$`).test(posix.basename(path));
}

export const tarballOf = (path: string) => path.replace(/\.deb$/, '.tar.gz');

/** Every name of a built .deb in `text` (a path, a glob, an image path) becomes its tarball's. */
export function renameBuiltDebs(text: string, stems: readonly string[], note?: (message: string) => void): string {
  if (!stems.length) return text;
  const re = new RegExp(`(?<=^|[\\s/"'=:(])(${stemPattern(stems)})\\.deb(?![\\w.-])`, 'gm');
  return text.replace(re, (_m, name: string) => {
    note?.(`${name}.deb -> ${name}.tar.gz (built here: a tarball on Alpine)`);
    return `${name}.tar.gz`;
  });
}
