/**
 * Rules raised from shell code, wherever it is found: scripts, and Dockerfile RUN instructions.
 */
import type { RuleMeta } from '../types.js';

export const aptInstall = {
  id: 'shell/apt-install',
  severity: 'error',
  confidence: 'high',
  description: 'Packages installed with apt-get, apt, apt-fast or aptitude: Alpine has no apt.',
  remediation: 'Install the Alpine equivalents with `apk add --no-cache` (see the package table for each name).',
} as const satisfies RuleMeta;

export const localDebInstall = {
  id: 'shell/local-deb-install',
  severity: 'error',
  confidence: 'high',
  description: 'A local .deb file installed with dpkg -i, apt install ./x.deb or gdebi.',
  remediation: 'Repackage the .deb payload as an APKBUILD, or build the software from source for musl.',
} as const satisfies RuleMeta;

export const multiarchPackage = {
  id: 'shell/multiarch-package',
  severity: 'error',
  confidence: 'high',
  description: 'A package installed for another architecture (pkg:armhf): Alpine cannot mix architectures in one root.',
  remediation: 'Cross-compile the library from source, or keep a separate root of that architecture (e.g. an armv7 sysroot under /lib32).',
} as const satisfies RuleMeta;

export const addArchitecture = {
  id: 'shell/add-architecture',
  severity: 'error',
  confidence: 'high',
  description: 'dpkg --add-architecture enables Debian multiarch, which apk does not have.',
  remediation: 'Drop it on Alpine; build the foreign-architecture pieces from source or in a separate sysroot.',
} as const satisfies RuleMeta;

export const unresolvedPackageList = {
  id: 'shell/unresolved-package-list',
  severity: 'warning',
  confidence: 'medium',
  description: 'Packages whose names are only known at run time (a $(cat list), an unknown variable, xargs input).',
  remediation: 'Write the package names where the tool can read them (a variable in the same file), or check this list by hand.',
} as const satisfies RuleMeta;

export const aptBuildDep = {
  id: 'shell/apt-build-dep',
  severity: 'warning',
  confidence: 'high',
  description: 'apt-get build-dep installs the build dependencies of a Debian source package.',
  remediation: 'List the build dependencies explicitly as Alpine packages (makedepends in an APKBUILD).',
} as const satisfies RuleMeta;

export const addAptRepository = {
  id: 'shell/add-apt-repository',
  severity: 'error',
  confidence: 'high',
  description: 'add-apt-repository adds an apt source or PPA; Alpine has no PPAs.',
  remediation: 'Find the packages in Alpine main/community/testing (add the repository to /etc/apk/repositories) or build them from source.',
} as const satisfies RuleMeta;

export const debconfSelections = {
  id: 'shell/debconf-set-selections',
  severity: 'warning',
  confidence: 'high',
  description: 'debconf-set-selections preseeds Debian package questions; Alpine has no debconf.',
  remediation: 'Drop it on Alpine and write the configuration file the answer stood for.',
} as const satisfies RuleMeta;

export const debDownload = {
  id: 'shell/deb-download',
  severity: 'warning',
  confidence: 'high',
  description: 'A .deb file downloaded at build time (wget/curl .../x.deb).',
  remediation: 'Find the Alpine package, or download the upstream source and build it for musl.',
} as const satisfies RuleMeta;

export const rootfsDownload = {
  id: 'shell/debian-rootfs-download',
  severity: 'warning',
  confidence: 'high',
  description: 'A Debian or Ubuntu root filesystem tarball (ubuntu-base-*.tar.gz) downloaded at build time.',
  remediation: 'Download alpine-minirootfs-<version>-<arch>.tar.gz instead and verify its SHA-512.',
} as const satisfies RuleMeta;

export const dynamicScript = {
  id: 'shell/dynamic-script',
  severity: 'info',
  confidence: 'medium',
  description: 'A script whose text is only known at run time (bash -c "$(curl ...)", curl ... | sh); what it installs cannot be seen.',
  remediation: 'Read the downloaded script and port what it does; pin it by checksum if it stays.',
} as const satisfies RuleMeta;

export const shellParseError = {
  id: 'shell/parse-error',
  severity: 'warning',
  confidence: 'medium',
  description: 'Shell code the parser could not read completely; findings after this point may be missing.',
  remediation: 'Check the line with `bash -n` or shellcheck; the rest of the file was still scanned.',
} as const satisfies RuleMeta;

import { BUSYBOX_RULES } from './busybox-rules.js';

export const SHELL_RULES: readonly RuleMeta[] = [
  ...BUSYBOX_RULES,
  aptInstall,
  localDebInstall,
  multiarchPackage,
  addArchitecture,
  unresolvedPackageList,
  aptBuildDep,
  addAptRepository,
  debconfSelections,
  debDownload,
  rootfsDownload,
  dynamicScript,
  shellParseError,
];
