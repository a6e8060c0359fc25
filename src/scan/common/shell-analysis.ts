/**
 * Shell analysis shared by the shell and Dockerfile extractors: walk a script, interpret what each
 * command does to packages, and turn it into facts and findings for one file.
 */
import type { Knowledge } from '../../knowledge/load.js';
import type { PackageInstall } from '../result.js';
import type { Extraction } from '../types.js';
import { findingOf } from '../rule-finding.js';
import { interpretCommand, type PackageSink } from './package-commands.js';
import { walkScript } from './shell-commands.js';
import * as rules from './shell-rules.js';
import type { Env, LineAt } from './shell-words.js';

export interface ShellAnalysisInput {
  file: string;
  text: string;
  lineAt: LineAt;
  env: Env;
  knowledge: Knowledge;
  /** Dockerfile stage the script runs in. */
  stage?: string;
}

/** Adds what the script does to `out`. */
export function analyzeShell(input: ShellAnalysisInput, out: Extraction): void {
  const { file, stage } = input;
  const sink: PackageSink = {
    package(p) {
      const record: PackageInstall = { name: p.name, arch: p.arch, version: p.version, manager: p.manager, source: p.source, file, line: p.line };
      if (p.path !== undefined) record.path = p.path;
      if (stage !== undefined) record.stage = stage;
      out.packages.push(record);
    },
    serviceAction(a) {
      out.serviceActions.push({ ...a, file });
    },
    finding(rule, f) {
      out.findings.push(findingOf(rule, { file, ...f }));
    },
  };
  walkScript(input.text, {
    knowledge: input.knowledge,
    env: input.env,
    lineAt: input.lineAt,
    visitor: {
      command: (cmd) => interpretCommand(cmd, input.knowledge, sink),
      dynamicScript: (line, evidence, reason) =>
        out.findings.push(findingOf(rules.dynamicScript, { file, line, message: `This runs a script only known at run time: ${reason}.`, subject: evidence, evidence })),
      syntaxError: (line, evidence) =>
        out.findings.push(findingOf(rules.shellParseError, { file, line, message: 'The shell parser could not read this line; the rest of the file was still scanned.', subject: evidence, evidence })),
    },
  });
}

/** Line lookup for a whole file: offset -> 1-based line. */
export function lineIndex(text: string): LineAt {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
