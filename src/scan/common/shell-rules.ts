/**
 * Rules raised from shell code, wherever it is found: scripts, and Dockerfile RUN instructions.
 */
import type { RuleMeta } from '../types.js';
import { BUSYBOX_RULES } from './busybox-rules.js';

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
  blocks: 'build',
} as const satisfies RuleMeta;

export const multiarchPackage = {
  id: 'shell/multiarch-package',
  severity: 'error',
  confidence: 'high',
  description: 'A package installed for another architecture (pkg:armhf): Alpine cannot mix architectures in one root.',
  remediation: 'Cross-compile the library from source, or keep a separate root of that architecture (e.g. an armv7 sysroot under /lib32).',
  blocks: 'build',
} as const satisfies RuleMeta;

export const addArchitecture = {
  id: 'shell/add-architecture',
  severity: 'error',
  confidence: 'high',
  description: 'dpkg --add-architecture enables Debian multiarch, which apk does not have.',
  remediation: 'Drop it on Alpine; build the foreign-architecture pieces from source or in a separate sysroot.',
  blocks: 'build',
} as const satisfies RuleMeta;

export const unresolvedPackageList = {
  id: 'shell/unresolved-package-list',
  severity: 'warning',
  confidence: 'medium',
  description: 'Packages whose names are only known at run time (a $(cat list), an unknown variable, xargs input).',
  remediation: 'Write the package names where the tool can read them (a variable in the same file), or check this list by hand.',
  blocks: 'build',
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
  blocks: 'build',
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



export const aptMaintenance = {
  id: 'shell/apt-maintenance',
  severity: 'info',
  confidence: 'high',
  description: "apt's other verbs and tools (apt-get update/upgrade/clean/remove, apt-mark, apt-cache, apt-key): Alpine has no apt.",
  remediation: 'Use the apk form the finding names (apk update, apk upgrade, apk del), or drop the step: apk add --no-cache keeps no cache.',
} as const satisfies RuleMeta;

export const debianTool = {
  id: 'shell/debian-tool',
  severity: 'warning',
  confidence: 'high',
  description: 'A Debian or Ubuntu tool Alpine does not have (update-initramfs, dpkg-buildpackage, debootstrap, netplan, snap, u-boot-update, ...).',
  remediation: 'Use what Alpine has instead, named in the finding (mkinitfs, abuild, the minirootfs, ifupdown-ng, ...).',
} as const satisfies RuleMeta;

export const systemdTool = {
  id: 'shell/systemd-tool',
  severity: 'warning',
  confidence: 'high',
  description: "A systemd tool other than systemctl (systemd-tmpfiles, journalctl, systemd-cat, hostnamectl, ...): Alpine runs OpenRC, with no systemd.",
  remediation: 'Use the OpenRC or BusyBox counterpart named in the finding (logger, logread, hostname, rc-status, ...).',
} as const satisfies RuleMeta;

export const debianPath = {
  id: 'shell/debian-path',
  severity: 'warning',
  confidence: 'medium',
  description: 'A path Debian or Ubuntu has and Alpine does not (/etc/default, /etc/netplan, apt and dpkg state, /etc/skel dotfiles, PAM files, Debian helper paths).',
  remediation: 'Use the Alpine path named in the finding, or drop the step if it only served Debian.',
} as const satisfies RuleMeta;

export const systemdPath = {
  id: 'shell/systemd-path',
  severity: 'warning',
  confidence: 'high',
  description: "A systemd path (/lib/systemd/system, /etc/systemd/*.conf and drop-ins, /run/systemd/resolve): Alpine runs OpenRC.",
  remediation: "Install an OpenRC script in /etc/init.d instead of a unit (migrate openrc writes them); put a daemon's settings in /etc/conf.d or its own file.",
} as const satisfies RuleMeta;

export const multiarchPath = {
  id: 'shell/multiarch-path',
  severity: 'warning',
  confidence: 'high',
  description: "A Debian multiarch library directory (/usr/lib/aarch64-linux-gnu, /usr/lib/arm-linux-gnueabihf): Alpine keeps libraries in /usr/lib and /lib.",
  remediation: "Use /usr/lib (musl's loader looks there); another architecture's directory needs a sysroot of that architecture.",
} as const satisfies RuleMeta;

export const commandPath = {
  id: 'shell/command-path',
  severity: 'warning',
  confidence: 'high',
  description: "A command named by Debian's merged-/usr path (/usr/bin/sleep, /usr/sbin/halt, /usr/bin/bash) that Alpine keeps elsewhere (/bin/sleep, /sbin/halt).",
  remediation: 'Name the command by the path the finding gives, or by its name alone and let PATH find it.',
} as const satisfies RuleMeta;

export const debianGroup = {
  id: 'shell/debian-group',
  severity: 'warning',
  confidence: 'high',
  description: "A group Alpine's base layout does not have (sudo, systemd-journal, plugdev, ...), read off the minirootfs's /etc/group.",
  remediation: 'Use the Alpine group named in the finding (sudo -> wheel), create the group first (addgroup -S), or drop the membership.',
} as const satisfies RuleMeta;

export const debianUser = {
  id: 'shell/debian-user',
  severity: 'warning',
  confidence: 'high',
  description: "A system user Alpine's base layout does not have (pollinate, systemd-network, messagebus before dbus is installed), read off the minirootfs's /etc/passwd.",
  remediation: 'Create the user in the build (adduser -S -D -H NAME), let the Alpine package that needs it create it, or use an Alpine user.',
} as const satisfies RuleMeta;

export const brokenShebang = {
  id: 'shell/broken-shebang',
  severity: 'warning',
  confidence: 'high',
  description: 'A first line that means to be a #! line and is not (#/usr/bin/env bash, !#/bin/bash): the script runs with whatever shell starts it, BusyBox ash on Alpine.',
  remediation: 'Write the #! line correctly; the script was checked as the shell that would run it on Alpine, /bin/sh.',
} as const satisfies RuleMeta;

export const debFile = {
  id: 'shell/deb-file',
  severity: 'info',
  confidence: 'medium',
  description: 'A command that finds, copies or moves .deb files (find build/linux-image-*.deb, cp x.deb): the build passes Debian packages around.',
  remediation: 'On Alpine the same step handles the tarballs or .apk packages the Alpine build makes (migrate generate renames built .deb files to tarballs).',
} as const satisfies RuleMeta;

export const maintainerScript = {
  id: 'shell/maintainer-script',
  severity: 'info',
  confidence: 'high',
  description: "A dpkg maintainer script (debian/preinst, postinst, prerm, postrm): dpkg runs it around the package's install.",
  remediation: "Name it in an APKBUILD's install= as NAME.pre-install / NAME.post-install (apk runs those), with dpkg's arguments ($1 = install, upgrade, ...) replaced by apk's (the version).",
} as const satisfies RuleMeta;

export const debconfVariable = {
  id: 'shell/debconf-variable',
  severity: 'info',
  confidence: 'high',
  description: 'DEBIAN_FRONTEND, DEBCONF_* or DEB_* set in a script: settings of debconf and dpkg, which apk does not read.',
  remediation: 'Drop the assignment on Alpine: apk asks no questions.',
} as const satisfies RuleMeta;

/** The rules mappings/debian-commands.tsv and debian-only-paths.tsv may name, by id. */
export const DEBIANISM_RULES: ReadonlyMap<string, RuleMeta> = new Map(
  [aptMaintenance, debianTool, systemdTool, debianPath, systemdPath, multiarchPath, commandPath, debianGroup, debianUser].map((r) => [r.id, r]),
);


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
  ...DEBIANISM_RULES.values(),
  brokenShebang,
  debFile,
  maintainerScript,
  debconfVariable,
];
