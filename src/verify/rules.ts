/**
 * Rules of `migrate verify`: what running the generated Alpine build found. Listed by
 * `migrate rules` with the scan's, documented in docs/verify.md and the README.
 */
import type { RuleMeta } from '../scan/types.js';

export const stepFailed = {
  id: 'verify/step-failed',
  severity: 'error',
  confidence: 'high',
  description: 'An instruction of the generated Alpine Dockerfile failed when run in a real Alpine root.',
  remediation: 'Fix the sibling (or the TODO(migrate) line it came from) and run migrate verify again.',
} as const satisfies RuleMeta;

export const serviceNotInstalled = {
  id: 'verify/service-not-installed',
  severity: 'error',
  confidence: 'high',
  description: 'A generated OpenRC script is not installed in the image as /etc/init.d/NAME.',
  remediation: 'COPY the OpenRC scripts into /etc/init.d in the Alpine Dockerfile.',
} as const satisfies RuleMeta;

export const serviceNotEnabled = {
  id: 'verify/service-not-enabled',
  severity: 'error',
  confidence: 'high',
  description: 'The Ubuntu build enables a unit whose OpenRC script is in no runlevel of the image.',
  remediation: 'rc-update add NAME RUNLEVEL in the Alpine build (the sibling of the script that ran systemctl enable).',
} as const satisfies RuleMeta;

export const commandMissing = {
  id: 'verify/command-missing',
  severity: 'warning',
  confidence: 'medium',
  description: 'The command an OpenRC script runs is not in the image (a stub package, a .deb not yet repackaged, or a build artifact).',
  remediation: 'Install the package or repackage the .deb (migrate apkbuild) that ships it.',
} as const satisfies RuleMeta;

export const shNotBusybox = {
  id: 'verify/sh-not-busybox',
  severity: 'error',
  confidence: 'high',
  description: '/bin/sh in the image is no longer BusyBox, which Alpine scripts and OpenRC assume.',
  remediation: 'Remove the step that relinks /bin/sh; give scripts that need bash a #!/bin/bash line.',
} as const satisfies RuleMeta;

export const serviceUnverified = {
  id: 'verify/service-unverified',
  severity: 'info',
  confidence: 'low',
  description: 'rc-update added a distribution service whose script verify cannot see (package file lists are not in the index).',
  remediation: 'Check that a package the build installs ships /etc/init.d/NAME (apk info -L PKG-openrc on Alpine).',
} as const satisfies RuleMeta;

export const stepUnverified = {
  id: 'verify/step-unverified',
  severity: 'warning',
  confidence: 'medium',
  description: 'An instruction failed for want of what verify cannot give: the output of stubbed package commands (no network), a stage that is itself unverified, the build\'s own output (.gitignore) that another part of the build makes, or a path the unrun rest of an unverified script names or a disabled .deb install would bring. Not proved to work.',
  remediation: 'Run the Alpine build for real (docker build -f the Alpine Dockerfile) to prove this step; verify has proved the steps before it.',
} as const satisfies RuleMeta;

export const VERIFY_RULES = [stepFailed, stepUnverified, serviceNotInstalled, serviceNotEnabled, commandMissing, shNotBusybox, serviceUnverified] as const;
