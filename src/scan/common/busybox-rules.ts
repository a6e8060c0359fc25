/**
 * Rules about Alpine's userland: /bin/sh is BusyBox ash and core tools are BusyBox applets, which
 * accept fewer options than GNU's; bash is not installed by default.
 */
import type { RuleMeta } from '../types.js';

export const unsupportedOption = {
  id: 'busybox/unsupported-option',
  severity: 'warning',
  confidence: 'medium',
  description: "A command option the BusyBox applet does not accept (losetup --find --show --partscan, ...), if this runs on Alpine.",
  remediation: 'Use the option BusyBox has, or apk add the package named in the finding for the GNU tool.',
} as const satisfies RuleMeta;

export const missingCommand = {
  id: 'busybox/missing-command',
  severity: 'warning',
  confidence: 'medium',
  description: 'A command Alpine does not have by default (useradd, locale-gen, update-rc.d, ...), if this runs on Alpine.',
  remediation: 'apk add the package named in the finding, or use the BusyBox or OpenRC equivalent.',
} as const satisfies RuleMeta;

export const bashScript = {
  id: 'busybox/bash-script',
  severity: 'info',
  confidence: 'high',
  description: 'A #!/bin/bash script: Alpine has no bash unless it is installed.',
  remediation: 'apk add bash in the image, or make the script POSIX sh (checked with shellcheck -s sh).',
} as const satisfies RuleMeta;

export const bashism = {
  id: 'busybox/bashism',
  severity: 'warning',
  confidence: 'medium',
  description: 'bash-only syntax ([[ ]], arrays, <(...), $\'...\', <<<, function) in a #!/bin/sh script: BusyBox ash may reject it.',
  remediation: 'Rewrite it in POSIX sh, or make the script #!/bin/bash and apk add bash.',
} as const satisfies RuleMeta;

export const BUSYBOX_RULES: readonly RuleMeta[] = [unsupportedOption, missingCommand, bashScript, bashism];
