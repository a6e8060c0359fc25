import type { RuleMeta } from '../types.js';

export const corruptElf = {
  id: 'elf/corrupt',
  severity: 'warning',
  confidence: 'high',
  description: 'A file with the ELF magic that could not be parsed (truncated or corrupt).',
  remediation: 'Check the file; it cannot be judged.',
} as const satisfies RuleMeta;

export const needsRebuild = {
  id: 'elf/needs-rebuild',
  severity: 'error',
  confidence: 'high',
  description: 'A glibc binary using symbols musl does not export: it will not load on Alpine.',
  remediation: 'Rebuild it from source against musl; gcompat covers only some glibc-only symbols.',
} as const satisfies RuleMeta;

export const runsWithGcompat = {
  id: 'elf/runs-with-gcompat',
  severity: 'warning',
  confidence: 'high',
  description: "A glibc program whose symbols all resolve in musl, but whose loader path is glibc's.",
  remediation: 'apk add gcompat (it provides the glibc loader path), or patchelf --set-interpreter to the musl loader.',
} as const satisfies RuleMeta;

export const wrongArch = {
  id: 'elf/wrong-arch',
  severity: 'error',
  confidence: 'high',
  description: 'A binary for another architecture than the target (armhf libraries on an aarch64 Alpine, ...).',
  remediation: 'Rebuild it for the target architecture, or keep a separate root of its architecture.',
} as const satisfies RuleMeta;

export const noMuslTable = {
  id: 'elf/no-musl-table',
  severity: 'info',
  confidence: 'high',
  description: "Binaries were found but the database has no musl symbol table for the target, so their symbols were not checked.",
  remediation: 'Import one: migrate db import-musl alpine-minirootfs-<version>-<arch>.tar.gz (or an Alpine root).',
} as const satisfies RuleMeta;

export const ELF_RULES: readonly RuleMeta[] = [corruptElf, needsRebuild, runsWithGcompat, wrongArch, noMuslTable];
