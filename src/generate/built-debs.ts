/**
 * .deb files the Ubuntu build makes from what it compiled become plain tarballs in the Alpine build
 * (the migration plan's "plain tarballs or ad-hoc .apk"): Alpine has neither checkinstall nor
 * dpkg-deb, and BusyBox tar unpacks a tarball of the install tree. The name keeps its stem, so
 * every later mv, COPY --from and install follows (pure).
 */
import { stemPattern } from '../plan/built-debs.js';

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
