import type { RuleMeta } from '../types.js';

export const debPackage = {
  id: 'deb/package',
  severity: 'warning',
  confidence: 'high',
  description: 'A Debian package file in the repository: apk cannot install it.',
  remediation: 'Repackage its payload as an APKBUILD (see the blob section for its binaries), or build the software from source.',
} as const satisfies RuleMeta;

export const corruptArchive = {
  id: 'deb/corrupt-archive',
  severity: 'warning',
  confidence: 'high',
  description: 'A .deb that could not be read completely (truncated or corrupt ar, tar or compressed member).',
  remediation: 'Fetch the file again (is it a Git LFS object?) and compare its checksum.',
} as const satisfies RuleMeta;

export const decompressionBomb = {
  id: 'deb/decompression-bomb',
  severity: 'warning',
  confidence: 'medium',
  description: 'A .deb member that inflates past the size limit; it was not unpacked.',
  remediation: 'Check where the file came from; a member may inflate to 4x the .deb (64 MiB at least): unpack a genuine huge package by hand (dpkg-deb -x).',
} as const satisfies RuleMeta;

export const unsafePath = {
  id: 'deb/unsafe-path',
  severity: 'error',
  confidence: 'high',
  description: 'A payload file name that escapes the package root (../ or an absolute path).',
  remediation: 'Do not install this package: a tool that unpacks it could write outside its target.',
} as const satisfies RuleMeta;

export const maintainerScripts = {
  id: 'deb/maintainer-scripts',
  severity: 'info',
  confidence: 'high',
  description: 'A .deb with maintainer scripts (postinst, prerm, ...): their work must move to the APKBUILD or the image build.',
  remediation: 'Port them to APKBUILD install scripts (.post-install, .pre-deinstall) or to the build script.',
} as const satisfies RuleMeta;

export const DEB_RULES: readonly RuleMeta[] = [debPackage, corruptArchive, decompressionBomb, unsafePath, maintainerScripts];
