/**
 * The config-file rules of mappings/config-rules.tsv: which files are configuration of a Debian
 * tool, and which of their lines mean nothing on Alpine. Each row is a rule of its own, listed by
 * `migrate rules` like the rules written in code.
 */
import picomatch from 'picomatch';
import type { RuleMeta } from '../scan/types.js';
import { readTable } from './tables.js';

export interface ConfigRule {
  meta: RuleMeta;
  globs: string[];
  matches: (path: string) => boolean;
  pattern: RegExp;
  /** The tool that installs every word of a matching line (a package list), when the file is one. */
  installsWith: string | null;
}

let cached: ConfigRule[] | undefined;

export function configRules(): ConfigRule[] {
  cached ??= readTable('config-rules.tsv').map(({ cells: [id, files, pattern, severity, confidence, description, remediation, installsWith] }) => {
    const globs = files!.split(',');
    return {
      meta: { id: id!, severity: severity as RuleMeta['severity'], confidence: confidence as RuleMeta['confidence'], description: description!, remediation: remediation! },
      globs,
      matches: picomatch(globs, { dot: true }),
      pattern: new RegExp(pattern!),
      installsWith: installsWith || null,
    };
  });
  return cached;
}

/** Whether `path` (repo-relative) is a configuration file some rule reads. */
export function isConfigFile(path: string): boolean {
  return configRules().some((r) => r.matches(path));
}
