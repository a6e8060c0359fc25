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
  description: 'A glibc binary using symbols neither musl nor gcompat exports (the finding lists them), or IRELATIVE relocations: it will not load on Alpine.',
  remediation: 'Rebuild it from source against musl; for a closed-source blob, keep a glibc sysroot for it.',
  blocks: 'run',
} as const satisfies RuleMeta;

export const runsWithGcompat = {
  id: 'elf/runs-with-gcompat',
  severity: 'warning',
  confidence: 'high',
  description: "A glibc binary that loads on Alpine with gcompat: it needs glibc's loader, or glibc-only symbols gcompat provides.",
  remediation: 'apk add gcompat; or rebuild it against musl (or patchelf --set-interpreter, when the loader is all it needs).',
} as const satisfies RuleMeta;

export const foreignArch = {
  id: 'elf/foreign-arch',
  severity: 'warning',
  confidence: 'high',
  description: 'A binary for another architecture than the target (32-bit ARM libraries in an aarch64 build, ...): Alpine has no multiarch.',
  remediation: 'Give it a root of its own architecture (an armv7 musl or glibc sysroot), rebuild it for the target, or drop it.',
  blocks: 'run',
} as const satisfies RuleMeta;

export const noMuslTable = {
  id: 'elf/no-musl-table',
  severity: 'info',
  confidence: 'high',
  description: "Binaries were found but there is no musl symbol table for the target architecture (the embedded ones are x86_64 and aarch64), so their symbols were not checked.",
  remediation: 'Import one: migrate db import-musl alpine-minirootfs-<version>-<arch>.tar.gz (or an Alpine root).',
} as const satisfies RuleMeta;

export const ELF_RULES: readonly RuleMeta[] = [corruptElf, needsRebuild, runsWithGcompat, foreignArch, noMuslTable];
