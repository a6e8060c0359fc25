/**
 * `migrate verify --engine docker|podman`: where a container engine runs, the Alpine build is
 * built for real (network, real packages) instead of in verify's chroot. Each Dockerfile is one
 * build; a failure is put at the Dockerfile line the engine names. The image is then exported to a
 * directory so the same service checks read it.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, posix } from 'node:path';
import { escapeRegExp } from '../regexp.js';
import type { DockerfileProgram } from './dockerfile-program.js';
import type { StepResult } from './run-build.js';

export type Engine = 'docker' | 'podman';

export interface EngineBuildInput {
  engine: Engine;
  context: string;
  dockerfile: string;
  program: DockerfileProgram;
  buildArgs: Record<string, string>;
  tag: string;
  timeoutMs: number;
  workDir: string;
  /** Export the image to a directory for the service checks. */
  exportRoot: boolean;
}

const tail = (text: string, lines = 12) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** The Dockerfile line a failed build names: BuildKit's `Dockerfile.alpine:30` block, or buildah's `building at STEP "RUN ..."`. */
export function failedLine(output: string, dockerfile: string, program: DockerfileProgram): number | null {
  const kit = [...output.matchAll(new RegExp(`^\\s*${escapeRegExp(posix.basename(dockerfile))}:(\\d+)\\s*$`, 'gm'))].at(-1);
  if (kit) return Number(kit[1]);
  const step = /building at STEP "([^"]+)"/.exec(output)?.[1];
  if (!step) return null;
  const all = program.stages.flatMap((s) => s.steps);
  return all.find((s) => s.evidence === step)?.line ?? all.find((s) => step.startsWith(s.evidence.replace(/…$/, '')))?.line ?? null;
}

export function engineBuild(b: EngineBuildInput): { step: StepResult; root: string | null } {
  const args = ['build', ...(b.engine === 'docker' ? ['--progress=plain'] : []), '-f', join(b.context, b.dockerfile), '-t', b.tag, ...Object.entries(b.buildArgs).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]), b.context];
  const r = spawnSync(b.engine, args, { encoding: 'utf8', timeout: b.timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const base = { file: b.dockerfile, stage: '-', keyword: 'BUILD', evidence: `${b.engine} build -f ${b.dockerfile} -t ${b.tag}` };
  if (r.error || r.status !== 0) {
    const why = r.error ? ((r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${Math.round(b.timeoutMs / 1000)} s` : r.error.message) : `exit ${r.status}: ${tail(output)}`;
    return { step: { ...base, line: failedLine(output, b.dockerfile, b.program) ?? 1, ok: false, error: why }, root: null };
  }
  if (!b.exportRoot) return { step: { ...base, line: 1, ok: true }, root: null };
  const root = join(b.workDir, 'image');
  mkdirSync(root, { recursive: true });
  const tar = join(b.workDir, 'image.tar');
  const created = spawnSync(b.engine, ['create', b.tag], { encoding: 'utf8' });
  const id = created.stdout?.trim();
  if (created.status !== 0 || !id) return { step: { ...base, line: 1, ok: false, error: `built, but ${b.engine} create failed: ${tail(created.stderr ?? '')}` }, root: null };
  try {
    const exported = spawnSync(b.engine, ['export', '-o', tar, id], { encoding: 'utf8' });
    if (exported.status !== 0) return { step: { ...base, line: 1, ok: false, error: `built, but ${b.engine} export failed: ${tail(exported.stderr ?? '')}` }, root: null };
    // Device nodes need privileges and say nothing about the services: left out.
    const x = spawnSync('tar', ['-xf', tar, '-C', root, '--no-same-owner', '--exclude=dev/*'], { encoding: 'utf8' });
    if (x.status !== 0) return { step: { ...base, line: 1, ok: false, error: `built, but its export did not unpack: ${tail(x.stderr ?? '')}` }, root: null };
  } finally {
    spawnSync(b.engine, ['rm', id], { stdio: 'ignore' });
    rmSync(tar, { force: true });
  }
  return { step: { ...base, line: 1, ok: true }, root };
}
