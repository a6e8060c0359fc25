/**
 * Dockerfile extractor: base images and root filesystem tarballs per stage, and every RUN body
 * analysed as shell with the stage's ARG and ENV values. Parsed with dockerfile-ast, the parser of
 * the Docker language server, so continuations, flags, exec form and heredocs follow Docker's rules.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import type { Knowledge } from '../../knowledge/load.js';
import { analyzeShell } from '../common/shell-analysis.js';
import { pathHits } from '../common/debianisms.js';
import { debFile } from '../common/shell-rules.js';
import { evidenceOf } from '../common/shell-commands.js';
import { str, type Env, type Str } from '../common/shell-words.js';
import { findingOf } from '../rule-finding.js';
import { emptyExtraction, type ExtractContext, type Extraction, type SourceFile } from '../types.js';
import { isShellInterpreter, parseRunBody } from './run-body.js';
import * as rules from './rules.js';
import { offsetResolver } from './positions.js';
import { substitute, type DockerVars } from './variables.js';

interface Stage {
  name: string;
  distro: string;
  vars: DockerVars;
}

/** The distribution an image reference stands for, by the last path component of its repository. */
export function imageDistro(ref: string, knowledge: Knowledge, stages: Map<string, Stage>): string {
  const stage = stages.get(ref.toLowerCase());
  if (stage) return stage.distro;
  const noDigest = ref.split('@')[0]!;
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  const repo = last.split(':')[0]!.toLowerCase();
  return knowledge.baseImages.images[repo] ?? 'unknown';
}

function toEnv(vars: DockerVars): Env {
  const env: Env = new Map();
  for (const [name, v] of vars) {
    env.set(name, 'value' in v ? { kind: 'scalar', value: str(v.value, v.line) } : { kind: 'unknown', reason: v.unknown });
  }
  return env;
}

export function extractDockerfile(file: SourceFile, ctx: ExtractContext): Extraction {
  const out = emptyExtraction();
  const text = file.text;
  const offsetOf = offsetResolver(text);
  const df = DockerfileParser.parse(text);
  const escape = df.getEscapeCharacter();
  const globalArgs: DockerVars = new Map();
  const stages = new Map<string, Stage>();
  let stage: Stage | null = null;
  let stageIndex = 0;

  const add = (rule: Parameters<typeof findingOf>[0], line: number, message: string, subject: string, evidence: string, data?: Record<string, unknown>) =>
    out.findings.push(findingOf(rule, { file: file.path, line, message, subject, evidence, ...(data ? { data } : {}) }));

  for (const ins of df.getInstructions()) {
    const keyword = ins.getKeyword().toUpperCase();
    const line = ins.getRange().start.line + 1;
    const evidence = evidenceOf(text.slice(offsetOf(ins.getRange().start), offsetOf(ins.getRange().end)));
    const vars = stage ? stage.vars : globalArgs;
    switch (keyword) {
      case 'ARG': {
        const prop = (ins as Instruction & { getProperty(): { getName(): string; getValue(): string | null } | null }).getProperty();
        if (!prop) break;
        const name = prop.getName();
        const value = prop.getValue();
        if (value !== null) vars.set(name, { value: substitute(value, vars).text, line });
        else if (stage && globalArgs.has(name)) vars.set(name, globalArgs.get(name)!);
        else vars.set(name, { unknown: `build argument ${name} has no default in this Dockerfile (it comes from --build-arg)` });
        if (name === 'DEBIAN_FRONTEND') add(rules.debianFrontend, line, 'ARG DEBIAN_FRONTEND only matters to debconf.', name, evidence);
        break;
      }
      case 'ENV': {
        const props = (ins as Instruction & { getProperties(): { getName(): string; getValue(): string | null }[] }).getProperties();
        for (const p of props) {
          const value = substitute(p.getValue() ?? '', vars).text;
          vars.set(p.getName(), { value, line });
          for (const h of pathHits(value, line, ctx.knowledge.debianisms)) {
            out.findings.push(findingOf(h.rule, { file: file.path, line, message: h.message, subject: h.subject, evidence, data: h.data, ...(h.severity ? { severity: h.severity } : {}) }));
          }
          if (p.getName() === 'DEBIAN_FRONTEND') add(rules.debianFrontend, line, 'ENV DEBIAN_FRONTEND only matters to debconf.', p.getName(), evidence);
        }
        break;
      }
      case 'FROM': {
        const args = ins.getArguments().map((a) => a.getValue());
        const raw = args[0] ?? '';
        const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
        const name = asIndex >= 0 && args[asIndex + 1] ? args[asIndex + 1]!.toLowerCase() : String(stageIndex);
        const resolved = substitute(raw, globalArgs);
        const distro = resolved.unresolved.length ? 'unknown' : imageDistro(resolved.text, ctx.knowledge, stages);
        const parent = stages.get(resolved.text.toLowerCase());
        stage = { name, distro, vars: new Map(parent ? parent.vars : []) };
        stages.set(name, stage);
        stageIndex++;
        const platform = (ins as Instruction & { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.().find((f) => f.getName().toLowerCase() === 'platform')?.getValue();
        out.baseImages.push({ image: resolved.text, distro: parent ? 'stage' : distro, stage: asIndex >= 0 ? name : null, file: file.path, line, ...(platform ? { platform: substitute(platform, globalArgs).text } : {}) });
        if (resolved.unresolved.length) {
          add(rules.unresolvedBaseImage, line, `FROM ${raw} depends on a value only known at build time: ${resolved.unresolved[0]}.`, raw, evidence, { image: raw });
        } else if (!parent && (distro === 'ubuntu' || distro === 'debian')) {
          add(rules.debianBaseImage, line, `Stage ${name} starts from the ${distro} image ${resolved.text}.`, resolved.text, evidence, { image: resolved.text, distro, stage: name });
        }
        break;
      }
      case 'COPY':
      case 'ADD': {
        const args = ins.getArguments().map((a) => a.getValue());
        const from = (ins as Instruction & { getFlags?(): { getName(): string; getValue(): string | null }[] }).getFlags?.().find((f) => f.getName().toLowerCase() === 'from')?.getValue();
        if (args.length >= 2) {
          out.references.push({
            kind: 'copy', file: file.path, line,
            sources: args.slice(0, -1).map((a) => substitute(a, vars).text),
            dest: substitute(args.at(-1)!, vars).text,
            ...(from ? { from: from.toLowerCase() } : {}),
            ...(stage ? { stage: stage.name } : {}),
          });
          const debs = args.slice(0, -1).filter((a) => /\.deb$/.test(a));
          if (debs.length) out.findings.push(findingOf(debFile, { file: file.path, line, message: `${keyword} ${debs.join(' ')}: Debian packages copied into the image; the Alpine build installs tarballs or .apk packages instead.`, subject: debs.join(' '), evidence, data: { files: debs } }));
          // Where it lands: a unit into /lib/systemd/system, a library into a multiarch directory.
          for (const h of pathHits(substitute(args.at(-1)!, vars).text, line, ctx.knowledge.debianisms)) {
            out.findings.push(findingOf(h.rule, { file: file.path, line, message: h.message, subject: h.subject, evidence, data: h.data, ...(h.severity ? { severity: h.severity } : {}) }));
          }
        }
        if (keyword === 'COPY') break;
        for (const src of args.slice(0, -1)) {
          const r = substitute(src, vars);
          if (r.unresolved.length) {
            if (stage?.distro === 'scratch') {
              add(rules.unresolvedRootfs, line, `ADD ${src} into the empty stage ${stage.name}: ${r.unresolved[0]}.`, src, evidence, { source: src });
            }
            continue;
          }
          const base = r.text.slice(r.text.lastIndexOf('/') + 1);
          const tarball = ctx.knowledge.baseImages.tarballs.find((t) => t.pattern.test(base));
          if (tarball && tarball.distro !== 'alpine') {
            add(rules.debianRootfsTarball, line, `ADD unpacks the ${tarball.distro} root filesystem ${base}.`, base, evidence, { tarball: base, distro: tarball.distro });
            if (stage) stage.distro = tarball.distro;
          }
        }
        break;
      }
      case 'RUN':
        analyzeRun(ins, file, ctx.knowledge, stage, text, offsetOf, escape, out, add);
        break;
    }
  }
  return out;
}

function analyzeRun(
  ins: Instruction,
  file: SourceFile,
  knowledge: Knowledge,
  stage: Stage | null,
  text: string,
  offsetOf: (p: { line: number; character: number }) => number,
  escape: string,
  out: Extraction,
  add: (rule: Parameters<typeof findingOf>[0], line: number, message: string, subject: string, evidence: string) => void,
): void {
  const first = ins.getArguments()[0];
  if (!first) return;
  const startPos = first.getRange().start;
  const raw = text.slice(offsetOf(startPos), offsetOf(ins.getRange().end));
  const body = parseRunBody(raw, startPos.line + 1, escape);
  const env = toEnv(stage?.vars ?? new Map());
  const run = (script: Str) => {
    const fallback = script.lines.at(-1) ?? startPos.line + 1;
    analyzeShell(
      { file: file.path, text: script.text, lineAt: (i) => script.lines[i] ?? fallback, env: new Map(env), knowledge, ...(stage ? { stage: stage.name } : {}) },
      out,
    );
  };
  if (body.kind === 'invalid-exec') {
    add(rules.invalidExecForm, startPos.line + 1, 'This RUN looks like exec form but is not a valid JSON array; Docker runs it through the shell.', raw.slice(0, 80), evidenceOf(raw));
  }
  if (body.kind === 'heredoc') {
    if (body.command) run(body.command);
    if (isShellInterpreter(body.interpreter)) run(body.script);
    return;
  }
  run(body.script);
}
