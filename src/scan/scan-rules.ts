/**
 * Rules of the scanner itself: files it could not read or chose not to, and extractor failures.
 * They keep bad input visible in every report format instead of dropping it.
 */
import type { RuleMeta } from './types.js';

export const unreadable = {
  id: 'scan/unreadable',
  severity: 'warning',
  confidence: 'high',
  description: 'A file or directory that could not be read.',
  remediation: 'Check its permissions; it was left out of the scan.',
} as const satisfies RuleMeta;

export const tooLarge = {
  id: 'scan/too-large',
  severity: 'warning',
  confidence: 'high',
  description: 'A script or Dockerfile larger than --max-file-size, left unparsed.',
  remediation: 'Raise --max-file-size if the file is really a script, or --exclude it.',
} as const satisfies RuleMeta;

export const binaryContent = {
  id: 'scan/binary-content',
  severity: 'info',
  confidence: 'high',
  description: 'A file named like a script or Dockerfile that holds binary data (NUL bytes).',
  remediation: 'Nothing to do if it is not a script; otherwise restore its text.',
} as const satisfies RuleMeta;

export const nonUtf8 = {
  id: 'scan/non-utf8',
  severity: 'info',
  confidence: 'high',
  description: 'A script or Dockerfile that is not valid UTF-8; invalid bytes were replaced and the file still scanned.',
  remediation: 'Convert the file to UTF-8 (e.g. with iconv) so tools agree on its text.',
} as const satisfies RuleMeta;

export const lfsPointer = {
  id: 'scan/lfs-pointer',
  severity: 'warning',
  confidence: 'high',
  description: 'A Git LFS pointer: the real content is not in this checkout.',
  remediation: 'Run `git lfs pull` and scan again to analyse the real file.',
  blocks: 'build',
} as const satisfies RuleMeta;

export const extractorCrashed = {
  id: 'scan/extractor-crashed',
  severity: 'error',
  confidence: 'high',
  description: 'An extractor failed on this file; the scan went on without its results.',
  remediation: 'Report it with the file attached: it is a bug in migrate.',
} as const satisfies RuleMeta;

export const findingsCapped = {
  id: 'scan/findings-capped',
  severity: 'info',
  confidence: 'high',
  description: 'A file with more findings than its extractor lists (500 a config file, 200 a program): the rest of the file was not reported.',
  remediation: 'Fix the findings listed and scan again, or check the file by hand: the same lines likely repeat.',
} as const satisfies RuleMeta;

export const unknownRule = {
  id: 'scan/unknown-rule',
  severity: 'warning',
  confidence: 'high',
  description: 'A `# migrate: ignore=` pragma naming a rule migrate does not have: it silences nothing.',
  remediation: 'Correct the rule id (`migrate rules` lists them all), or name a family as `busybox/*`.',
} as const satisfies RuleMeta;

export const SCAN_RULES: readonly RuleMeta[] = [unreadable, tooLarge, binaryContent, nonUtf8, lfsPointer, extractorCrashed, findingsCapped, unknownRule];
