/**
 * The names of the .deb files the Ubuntu build makes from what it compiled (checkinstall,
 * dpkg-deb --build), by stem: what the plan knows of them. generate/built-debs.ts renames them.
 */
import { escapeRegExp } from '../regexp.js';
import { posix } from 'node:path';


/** `libqmi.deb`, `libqmi_1.36-1_arm64.deb`, `libqmi*.deb` for the stem libqmi. */
export function stemPattern(stems: readonly string[]): string {
  return `(?:${stems.map(escapeRegExp).join('|')})(?:[_*][^\\s"'/]*)?`;
}

export function isBuiltDeb(path: string, stems: readonly string[]): boolean {
  return stems.length > 0 && new RegExp(`^${stemPattern(stems)}\\.deb$`).test(posix.basename(path));
}
