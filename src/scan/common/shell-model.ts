/**
 * The one model of a shell script that the scan and generate both read: the script parsed and
 * walked once (src/scan/common/shell-commands.ts), as a list of events in document order, each
 * command with its span and its meaning (the packages it installs, the services it turns on or
 * off and the findings about both, from package-commands.ts). The scan turns the events into facts
 * and findings (shell-analysis.ts); generate rewrites the spans (src/generate/translate-shell.ts).
 * Neither walks the tree or interprets a command on its own.
 */
import type { Knowledge } from '../../knowledge/load.js';
import type { Confidence, PackageInstall, ServiceAction, Severity } from '../result.js';
import type { RuleMeta } from '../types.js';
import { interpretCommand } from './package-commands.js';
import { walkScript, type Command } from './shell-commands.js';
import type { Env, LineAt } from './shell-words.js';

type Span = { start: number; end: number };

export interface CommandMeaning {
  packages: Omit<PackageInstall, 'file' | 'stage'>[];
  serviceActions: Omit<ServiceAction, 'file'>[];
  findings: { rule: RuleMeta; line: number; message: string; subject: string; evidence: string; data?: Record<string, unknown>; confidence?: Confidence; severity?: Severity }[];
}

export type ShellEvent =
  | { kind: 'command'; cmd: Command; meaning: CommandMeaning }
  /** A top-level `NAME=value`: its resolved value (null when only known at run time) and the value's span. */
  | { kind: 'assignment'; name: string; value: string | null; span: Span }
  | { kind: 'redirect'; target: string; append: boolean; line: number; span: Span | null }
  | { kind: 'dynamic-script'; line: number; evidence: string; reason: string; span: Span | null }
  | { kind: 'wrapper'; name: string; line: number; evidence: string }
  | { kind: 'bashism'; line: number; construct: string; evidence: string }
  | { kind: 'syntax-error'; line: number; evidence: string };

export interface ShellModelOptions {
  knowledge: Knowledge;
  lineAt: LineAt;
  env?: Env;
  /** 'sh': bash-only syntax becomes `bashism` events. */
  dialect?: 'sh' | 'bash' | null;
}

/** What a script does, as events in document order. */
export function shellModel(text: string, opts: ShellModelOptions): ShellEvent[] {
  const events: ShellEvent[] = [];
  walkScript(text, {
    knowledge: opts.knowledge,
    env: opts.env ?? new Map(),
    lineAt: opts.lineAt,
    dialect: opts.dialect ?? null,
    visitor: {
      command: (cmd) => {
        const meaning: CommandMeaning = { packages: [], serviceActions: [], findings: [] };
        interpretCommand(cmd, opts.knowledge, {
          package: (p) => meaning.packages.push(p),
          serviceAction: (a) => meaning.serviceActions.push(a),
          finding: (rule, f) => meaning.findings.push({ rule, ...f }),
        });
        events.push({ kind: 'command', cmd, meaning });
      },
      assignment: (name, value, span) => events.push({ kind: 'assignment', name, value, span }),
      redirect: (target, append, line, span) => events.push({ kind: 'redirect', target, append, line, span }),
      dynamicScript: (line, evidence, reason, span) => events.push({ kind: 'dynamic-script', line, evidence, reason, span: span ?? null }),
      wrapper: (name, line, evidence) => events.push({ kind: 'wrapper', name, line, evidence }),
      bashism: (line, construct, evidence) => events.push({ kind: 'bashism', line, construct, evidence }),
      syntaxError: (line, evidence) => events.push({ kind: 'syntax-error', line, evidence }),
    },
  });
  return events;
}
