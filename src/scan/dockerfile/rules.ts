import type { RuleMeta } from '../types.js';

export const debianBaseImage = {
  id: 'dockerfile/debian-base-image',
  severity: 'warning',
  confidence: 'high',
  description: 'A build stage based on an Ubuntu or Debian image.',
  remediation: 'Base the Alpine sibling on alpine:<release> (`migrate generate` writes it); keep this file for the Ubuntu build.',
} as const satisfies RuleMeta;

export const debianRootfsTarball = {
  id: 'dockerfile/debian-rootfs-tarball',
  severity: 'warning',
  confidence: 'high',
  description: 'ADD of an Ubuntu or Debian root filesystem tarball (ubuntu-base-*.tar.gz).',
  remediation: 'ADD alpine-minirootfs-<version>-<arch>.tar.gz in the Alpine sibling.',
} as const satisfies RuleMeta;

export const unresolvedBaseImage = {
  id: 'dockerfile/unresolved-base-image',
  severity: 'info',
  confidence: 'low',
  description: 'A FROM whose image is only known at build time (a build argument with no default).',
  remediation: 'Check which image the build passes in; if it is Ubuntu or Debian, the Alpine sibling needs alpine:<release>.',
} as const satisfies RuleMeta;

export const unresolvedRootfs = {
  id: 'dockerfile/unresolved-rootfs',
  severity: 'info',
  confidence: 'low',
  description: 'ADD into a FROM scratch stage of a file only known at build time: likely a root filesystem tarball.',
  remediation: 'Check which tarball the build passes in (e.g. --build-arg in the build script).',
} as const satisfies RuleMeta;

export const debianFrontend = {
  id: 'dockerfile/debian-frontend',
  severity: 'info',
  confidence: 'high',
  description: 'DEBIAN_FRONTEND set with ENV or ARG: meaningful only to debconf.',
  remediation: 'Leave it out of the Alpine sibling.',
} as const satisfies RuleMeta;

export const invalidExecForm = {
  id: 'dockerfile/invalid-exec-form',
  severity: 'warning',
  confidence: 'medium',
  description: 'A RUN that starts like an exec-form JSON array but is not valid JSON, so Docker runs it as a shell command.',
  remediation: 'Use double quotes in the JSON array, or write the command in shell form.',
} as const satisfies RuleMeta;

export const DOCKERFILE_RULES: readonly RuleMeta[] = [
  debianBaseImage,
  debianRootfsTarball,
  unresolvedBaseImage,
  unresolvedRootfs,
  debianFrontend,
  invalidExecForm,
];
