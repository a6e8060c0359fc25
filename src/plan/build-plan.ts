/**
 * The plan of the build, made once from a ScanResult (pure): which Dockerfiles the build scripts
 * build and with which arguments, which paths the Ubuntu build copies whole or globs (a sibling
 * there would change what the Ubuntu build does), where each file's Alpine sibling goes, which
 * units the Ubuntu build enables, and the target architecture and release. generate and verify
 * read this plan; neither works these facts out again.
 */
import { posix } from 'node:path';
import picomatch from 'picomatch';
import type { FileReference, ScanResult } from '../scan/result.js';
import { isBuiltDeb } from './built-debs.js';

export interface ImageBuild {
  /** The build script and line of the `docker build -f`. */
  file: string;
  line: number;
  dockerfile: string;
  tag: string | null;
  buildArgs: Record<string, string>;
  /** Build arguments that carry a Debian or Ubuntu root filesystem tarball (mappings/base-images.json). */
  rootfsArgs: string[];
}

export interface EnabledUnit {
  unit: string;
  file: string;
  line: number;
}

export interface BuildPlan {
  release: string;
  arch: string;
  imageBuilds: ImageBuild[];
  /** Repo paths and globs the Ubuntu build takes whole (COPY dir/, COPY dir/*, for f in dir/*). */
  takenWhole: { pattern: string; file: string; line: number }[];
  /** Where siblings go when beside the original would put them in what the Ubuntu build takes. */
  parallelRoot: string;
  /** Units `systemctl enable` turns on in the Ubuntu build, shipped by the repository. */
  enabledUnits: EnabledUnit[];
  /** .deb files the Ubuntu build makes from what it compiled, by name stem; the Alpine build makes tarballs. */
  builtDebs: { stem: string; file: string; line: number }[];
}

export interface PlanOptions {
  release: string;
  arch: string;
  parallelRoot?: string;
  /** Root filesystem tarball patterns by distribution (Knowledge.baseImages.tarballs). */
  tarballs: { pattern: RegExp; distro: string }[];
}

/** Normalizes a path written in the build (`./userspace/`, `userspace`) to repo-relative POSIX form, or null outside. */
function repoPath(written: string, base: string): string | null {
  if (/^[a-z]+:\/\//i.test(written) || written.includes('$')) return null;
  const p = posix.normalize(written.startsWith('/') ? written : posix.join(base, written)).replace(/\/+$/, '');
  if (p.startsWith('/') || p === '..' || p.startsWith('../')) return null;
  return p === '' ? '.' : p;
}

function takenWhole(refs: FileReference[], dirs: Set<string>): BuildPlan['takenWhole'] {
  const out: BuildPlan['takenWhole'] = [];
  for (const r of refs) {
    if (r.kind === 'copy' && !r.from) {
      // The build context is the repository's top (docker build ... $DIR or .).
      for (const s of r.sources) {
        const p = repoPath(s, '.');
        if (p === null) continue;
        if (/[*?[]/.test(p)) out.push({ pattern: p, file: r.file, line: r.line });
        else if (p === '.' || dirs.has(p)) out.push({ pattern: p === '.' ? '**' : `${p}/**`, file: r.file, line: r.line });
      }
    } else if (r.kind === 'glob') {
      // A script's relative glob is taken from the repository top or the script's own directory.
      for (const base of new Set(['.', posix.dirname(r.file)])) {
        const p = repoPath(r.sources[0]!, base);
        if (p && /[*?[]/.test(p) && dirs.has(posix.dirname(p))) out.push({ pattern: p, file: r.file, line: r.line });
      }
    }
  }
  return out;
}

export function makeBuildPlan(result: Pick<ScanResult, 'files' | 'references' | 'serviceActions'>, opts: PlanOptions): BuildPlan {
  const files = new Set(result.files.map((f) => f.file));
  const dirs = new Set<string>();
  for (const f of files) for (let d = posix.dirname(f); d !== '.' && !dirs.has(d); d = posix.dirname(d)) dirs.add(d);
  const imageBuilds: ImageBuild[] = [];
  for (const r of result.references) {
    if (r.kind !== 'docker-build') continue;
    const dockerfile = [repoPath(r.sources[0]!, '.'), repoPath(r.sources[0]!, posix.dirname(r.file))].find((p) => p && files.has(p));
    if (!dockerfile) continue;
    const buildArgs = r.buildArgs ?? {};
    const rootfsArgs = Object.keys(buildArgs).filter((k) => opts.tarballs.some((t) => t.distro !== 'alpine' && t.pattern.test(posix.basename(buildArgs[k]!))));
    imageBuilds.push({ file: r.file, line: r.line, dockerfile, tag: r.tag ?? null, buildArgs, rootfsArgs });
  }
  const enabledUnits = result.serviceActions.filter((a) => a.action === 'enable' && a.shipped).map((a) => ({ unit: a.unit, file: a.file, line: a.line }));
  // A .deb also committed to the repository was made once by a helper script (build-qt-deb.sh):
  // the build installs the committed file, which stays a .deb to repackage.
  const builtDebs = result.references
    .filter((r) => r.kind === 'deb-build' && ![...files].some((f) => isBuiltDeb(f, r.sources)))
    .map((r) => ({ stem: r.sources[0]!, file: r.file, line: r.line }));
  return { release: opts.release, arch: opts.arch, imageBuilds, takenWhole: takenWhole(result.references, dirs), parallelRoot: opts.parallelRoot ?? 'alpine', enabledUnits, builtDebs };
}

/** Build arguments the Alpine build script fills with the minirootfs: those its Ubuntu original fills with a Debian-family tarball. */
export function rootfsArgs(plan: BuildPlan): Set<string> {
  return new Set(plan.imageBuilds.flatMap((b) => b.rootfsArgs));
}

/** The reference that takes `path` into the Ubuntu build, or null when none does. */
export function takenBy(plan: BuildPlan, path: string): BuildPlan['takenWhole'][number] | null {
  return plan.takenWhole.find((t) => picomatch(t.pattern, { dot: true })(path)) ?? null;
}

/**
 * Where a generated file goes: at `path` (beside the original), unless the Ubuntu build takes that
 * path whole; then at the same place under the parallel tree.
 */
export function placeGenerated(plan: BuildPlan, path: string): string {
  return takenBy(plan, path) ? posix.join(plan.parallelRoot, path) : path;
}
