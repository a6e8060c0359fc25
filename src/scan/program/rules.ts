import type { RuleMeta } from '../types.js';

export const programCommand = {
  id: 'program/command',
  severity: 'info',
  confidence: 'low',
  description: 'A program in another language (Python, C, Perl, ...) runs a command Alpine does not have (systemctl, journalctl, ss, apt-get, ...), read from its string literals.',
  remediation: 'Run the Alpine counterpart the finding names (rc-service, logread, netstat, apk) where the program calls it.',
} as const satisfies RuleMeta;

export const PROGRAM_RULES: readonly RuleMeta[] = [programCommand];
