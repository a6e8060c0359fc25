/**
 * A Dockerfile as the list of steps `migrate verify` runs (pure): stages with their base, and each
 * instruction with its flags, arguments and, for RUN, the script Docker would hand the shell.
 * Parsed with dockerfile-ast, as the scan does, so continuations, heredocs and exec form follow
 * Docker's rules; RUN bodies go through the same parseRunBody the scan uses.
 */
import { DockerfileParser } from 'dockerfile-ast';
import { evidenceOf } from '../scan/common/shell-commands.js';
import { offsetResolver } from '../scan/dockerfile/positions.js';
import { parseRunBody, type RunBody } from '../scan/dockerfile/run-body.js';

export interface Step {
  keyword: string;
  line: number;
  /** The instruction as written, on one line, for reports. */
  evidence: string;
  /** `--from=stage`, `--chown=...`, `--mount=...`: name -> value (repeated flags keep the last). */
  flags: Map<string, string>;
  /** Arguments as written (variables not yet substituted); for RUN, empty. */
  args: string[];
  run?: RunBody;
}

export interface Stage {
  /** `AS name` lowercased, else the stage's index as a string. */
  name: string;
  index: number;
  /** The FROM image as written. */
  from: string;
  line: number;
  steps: Step[];
}

export interface DockerfileProgram {
  /** ARG lines before the first FROM: name -> default (null without one). */
  globalArgs: Map<string, string | null>;
  stages: Stage[];
}

export function parseDockerfileProgram(text: string): DockerfileProgram {
  const df = DockerfileParser.parse(text);
  const offsetOf = offsetResolver(text);
  const program: DockerfileProgram = { globalArgs: new Map(), stages: [] };
  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const range = ins.getRange();
    const line = range.start.line + 1;
    const whole = text.slice(offsetOf(range.start), offsetOf(range.end));
    const evidence = evidenceOf(whole);
    const flags = new Map<string, string>();
    const getFlags = (ins as unknown as { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags;
    for (const f of getFlags ? getFlags.call(ins) : []) flags.set(f.getName().toLowerCase(), f.getValue() ?? '');
    const args = ins.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      const index = program.stages.length;
      program.stages.push({ name: asIndex >= 0 && args[asIndex + 1] ? args[asIndex + 1]!.toLowerCase() : String(index), index, from: args[0] ?? '', line, steps: [] });
      continue;
    }
    const stage = program.stages.at(-1);
    if (!stage) {
      if (keyword === 'ARG') {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/.exec(args[0] ?? '');
        if (m) program.globalArgs.set(m[1]!, m[2] ?? null);
      }
      continue;
    }
    const step: Step = { keyword, line, evidence, flags, args };
    if (keyword === 'RUN') {
      const first = ins.getArguments()[0];
      if (!first) continue;
      // Flags come before the first argument; the body is everything from there to the end.
      step.args = [];
      step.run = parseRunBody(text.slice(offsetOf(first.getRange().start), offsetOf(range.end)), first.getRange().start.line + 1, df.getEscapeCharacter());
    }
    stage.steps.push(step);
  }
  return program;
}
