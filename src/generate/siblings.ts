/**
 * The Alpine siblings of a repository's Dockerfiles and scripts (pure): names by rule or by the
 * repository's .migrate.ini, translated content, and the header that marks them as generated.
 * Only files with something Debian-specific get a sibling; the originals are never changed.
 */
import { escapeRegExp } from '../regexp.js';
import { posix } from 'node:path';
import type { ScanResult } from '../scan/result.js';
import { translateDockerfile, type DockerfileContext } from './dockerfile.js';
import { checksum, headerFor, type GeneratedFile } from './header.js';
import { translateShell } from './translate-shell.js';
import { makeRenames, wireReferences } from './wiring.js';
import { renameBuiltDebs } from './built-debs.js';
import { placeGenerated, type BuildPlan } from '../plan/build-plan.js';

export interface SiblingPlan {
  file: GeneratedFile;
  original: string;
  notes: { line: number; action: string; message: string }[];
  apkPackages: string[];
}

/** build_system.sh -> build_alpine.sh (the plan's name), x.sh -> x_alpine.sh, Dockerfile[.x] -> Dockerfile[.x].alpine. */
export function siblingName(path: string, kind: string, overrides: Map<string, string>): string {
  const o = overrides.get(path);
  if (o) return o;
  const dir = posix.dirname(path);
  const base = posix.basename(path);
  const join = (n: string) => (dir === '.' ? n : `${dir}/${n}`);
  if (kind === 'dockerfile') return join(`${base}.alpine`);
  if (base === 'build_system.sh') return join('build_alpine.sh');
  // The plan's Phase 4 names: load_alpine*.sh and flash_alpine*.sh companions.
  const companion = /^(load|flash)_(.+\.sh)$/.exec(base);
  if (companion) return join(`${companion[1]}_alpine_${companion[2]}`);
  return join(base.endsWith('.sh') ? `${base.slice(0, -3)}_alpine.sh` : `${base}_alpine`);
}

const COMPANION = /^(load|flash)(_.+)?\.sh$/;

/** Names N of the N.img images the build scripts with an Alpine sibling write (system.img); others (the kernel's) stay shared. */
function builtImages(plan: BuildPlan, read: (path: string) => string, drafted: Set<string>): string[] {
  const names = new Set<string>();
  for (const file of new Set(plan.imageBuilds.map((b) => b.file).filter((f) => drafted.has(f)))) {
    for (const m of read(file).matchAll(/(?<![\w.-])([A-Za-z0-9_]+)\.img(?![\w.-])/g)) if (!m[1]!.endsWith('-alpine')) names.add(m[1]!);
  }
  return [...names];
}

/** An image path of the Ubuntu build as the Alpine build writes it: output/N.img -> output/alpine/N-alpine.img. */
function alpineImages(text: string, images: string[]): string {
  let out = text;
  for (const n of images) {
    out = out.replace(new RegExp(`(?<![\\w.-])(output|build)/${n}\\.img(?![\\w.-])`, 'g'), `$1/alpine/${n}-alpine.img`);
    out = out.replace(new RegExp(`(?<![\\w./-])${n}\\.img(?![\\w.-])`, 'g'), `${n}-alpine.img`);
  }
  return out;
}

/** Puts the header after a shebang or Dockerfile parser directives, so both keep working. */
function withHeaderAfterPrologue(sources: string[], content: string, kind: string): string {
  const lines = content.split('\n');
  let at = 0;
  if (kind === 'dockerfile') while (at < lines.length && /^#\s*[a-z]+\s*=/.test(lines[at]!)) at++;
  else if (lines[0]?.startsWith('#!')) at = 1;
  const body = [...lines.slice(0, at), ...lines.slice(at)].join('\n');
  const header = headerFor(sources, body);
  return [...lines.slice(0, at), header, ...lines.slice(at)].join('\n');
}

export interface SiblingOptions {
  plan: BuildPlan;
  /** Repo paths of every scanned file, for unique names. */
  repoFiles: readonly string[];
  /** Applied to the OpenRC files too: the renames wiring uses, filled by planSiblings. */
  renames?: Map<string, string>;
}

/** The image Dockerfile a build script builds with a root filesystem argument: the plan calls its sibling Dockerfile.alpine. */
function imageDockerfileNames(plan: BuildPlan): Map<string, string> {
  const out = new Map<string, string>();
  for (const b of plan.imageBuilds) {
    if (b.rootfsArgs.length) out.set(b.dockerfile, posix.join(posix.dirname(b.dockerfile), 'Dockerfile.alpine'));
  }
  return out.size === 1 ? out : new Map();
}

export function planSiblings(result: Pick<ScanResult, 'files'>, read: (path: string) => string, ctx: DockerfileContext, overrides: Map<string, string>, opts: SiblingOptions): SiblingPlan[] {
  const drafts: { original: string; kind: string; path: string; content: string; notes: SiblingPlan['notes']; apkPackages: string[] }[] = [];
  const imageNames = imageDockerfileNames(opts.plan);
  const existing = new Set(result.files.map((f) => f.file));
  const companions: { file: string; text: string }[] = [];
  const candidates: { file: string; text: string; translated: string; notes: SiblingPlan['notes']; apkPackages: string[] }[] = [];
  for (const f of result.files) {
    // A file the scan set aside (too large) is not parsed here either: it stays as it is, and its finding says so.
    if ((f.kind !== 'dockerfile' && f.kind !== 'shell') || f.skipped || /(_alpine(\.sh)?|\.alpine)$/.test(f.file) || /(^|\/)(load|flash)_alpine/.test(f.file) || f.file.includes('/openrc/') || f.file.startsWith(`${opts.plan.parallelRoot}/`)) continue;
    const text = read(f.file);
    const t = f.kind === 'dockerfile' ? translateDockerfile(text, ctx) : translateShell(text, ctx);
    // Load and flash scripts are judged once the image builds with an Alpine sibling are known (below).
    if (f.kind === 'shell' && COMPANION.test(posix.basename(f.file))) {
      candidates.push({ file: f.file, text, translated: t.text, notes: [...t.notes], apkPackages: t.apkPackages });
      continue;
    }
    if (t.notes.length === 0) continue;
    let content = t.text;
    if ('inlinedVariables' in t && t.inlinedVariables) {
      // The apk add lines spell out the Alpine names; the variables that held the Debian ones stay,
      // now unused, for a person to delete or reuse.
      const lines = content.split('\n');
      const at = lines[0]?.startsWith('#!') ? 1 : 0;
      lines.splice(at, 0, '# migrate: rewritten commands spell out values that came from variables; the variables are kept, maybe unused (SC2034).', '# shellcheck disable=SC2034');
      content = lines.join('\n');
    }
    const imageName = imageNames.get(f.file);
    const named = overrides.get(f.file) ?? (imageName && !existing.has(imageName) ? imageName : siblingName(f.file, f.kind, overrides));
    drafts.push({ original: f.file, kind: f.kind, path: overrides.has(f.file) ? named : placeGenerated(opts.plan, named), content, notes: [...t.notes], apkPackages: t.apkPackages });
  }
  // A load or flash script that takes an image the Alpine build writes under its own name gets a
  // companion that takes that image; so does one the Debian-specific translation changed.
  const images = builtImages(opts.plan, read, new Set(drafts.map((d) => d.original)));
  for (const c of candidates) {
    const content = alpineImages(c.translated, images);
    if (content !== c.translated) c.notes.push({ line: 0, action: 'replaced', message: `companion: takes the Alpine build's images (${images.map((n) => `${n}-alpine.img`).join(', ')})` });
    if (c.notes.length === 0) companions.push({ file: c.file, text: c.text });
    else drafts.push({ original: c.file, kind: 'shell', path: overrides.get(c.file) ?? placeGenerated(opts.plan, siblingName(c.file, 'shell', overrides)), content, notes: c.notes, apkPackages: c.apkPackages });
  }
  // A load or flash script that only runs companions (flash_all.sh runs flash_system.sh) gets one too.
  for (let grew = true; grew; ) {
    grew = false;
    const made = new Set(drafts.filter((d) => COMPANION.test(posix.basename(d.original))).map((d) => posix.basename(d.original)));
    for (const c of companions.splice(0)) {
      const calls = [...made].filter((b) => new RegExp(`(?<![\\w.-])${escapeRegExp(b)}(?![\\w.-])`).test(c.text));
      if (!calls.length) {
        companions.push(c);
        continue;
      }
      drafts.push({ original: c.file, kind: 'shell', path: placeGenerated(opts.plan, siblingName(c.file, 'shell', overrides)), content: c.text, notes: [{ line: 0, action: 'replaced', message: `companion: runs the companions of ${calls.join(', ')}` }], apkPackages: [] });
      grew = true;
    }
  }
  const renames = opts.renames ?? new Map<string, string>();
  for (const d of drafts) renames.set(d.original, d.path);
  const wiring = makeRenames(renames, opts.repoFiles);
  const plans: SiblingPlan[] = [];
  for (const d of drafts) {
    const notes = d.notes;
    let content = wireReferences(d.content, wiring, (m) => notes.push({ line: 0, action: 'replaced', message: `wired: ${m}` }));
    const said = new Set<string>();
    content = renameBuiltDebs(content, opts.plan.builtDebs.map((b) => b.stem), (m) => said.has(m) || (said.add(m), notes.push({ line: 0, action: 'replaced', message: m })));
    if (d.kind === 'shell') content = separateOutputs(content, d.original, opts.plan, notes);
    if (d.kind === 'dockerfile') content = overlayParallelCopies(content, opts.plan, drafts.map((x) => x.path), notes);
    plans.push({ file: { path: d.path, sources: [d.original], mode: d.kind === 'shell' ? 0o755 : 0o644, content: withHeaderAfterPrologue([d.original], content, d.kind) }, original: d.original, notes, apkPackages: d.apkPackages });
  }
  return plans;
}

/**
 * A build script that builds images: its outputs and image tags are the Alpine build's own
 * (build/alpine, output/alpine, TAG-alpine, NAME-alpine.img), so the two builds never overwrite each other.
 */
function separateOutputs(content: string, original: string, plan: BuildPlan, notes: SiblingPlan['notes']): string {
  const builds = plan.imageBuilds.filter((b) => b.file === original);
  if (!builds.length) return content;
  let out = content.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*DIR=)(["']?)(.*?\/(?:build|output))\2\s*$/gm, (_m, lhs: string, q: string, value: string) => {
    notes.push({ line: 0, action: 'replaced', message: `${value} -> ${value}/alpine` });
    return `${lhs}${q}${value}/alpine${q}`;
  });
  for (const tag of new Set(builds.map((b) => b.tag).filter((t): t is string => t !== null && !t.includes('$')).map((t) => t.replace(/:[^/]*$/, '')))) {
    const re = new RegExp(`(?<![\\w.-])${escapeRegExp(tag)}(?![\\w-])`, 'g');
    if (re.test(out)) {
      out = out.replace(re, `${tag}-alpine`);
      notes.push({ line: 0, action: 'replaced', message: `image tag ${tag} -> ${tag}-alpine` });
    }
  }
  out = out.replace(/(?<![\w.-])([A-Za-z0-9_]+)\.img(?![\w.-])/g, (m, name: string) => {
    if (name.endsWith('-alpine')) return m;
    notes.push({ line: 0, action: 'replaced', message: `${name}.img -> ${name}-alpine.img` });
    return `${name}-alpine.img`;
  });
  return out;
}

/**
 * A COPY of a directory whose siblings live in the parallel tree (because the Ubuntu build takes
 * that directory whole) is followed by a COPY of the same directory from the parallel tree, so the
 * siblings land where the originals do in the image.
 */
function overlayParallelCopies(content: string, plan: BuildPlan, generated: string[], notes: SiblingPlan['notes']): string {
  const root = `${plan.parallelRoot}/`;
  return content.replace(/^COPY((?:\s+--[a-z-]+=\S+)*)\s+(\.\/)?([^\s$]+\/|\.)\s+(\S+)\s*$/gm, (m, flags: string, dot: string | undefined, dir: string, dest: string) => {
    if (flags.includes('--from') || dir.startsWith(root)) return m;
    // `COPY . /src` takes the whole context: the parallel tree's top overlays it.
    const norm = dir === '.' || dir === './' ? '' : posix.normalize(dir).replace(/\/?$/, '/');
    if (!generated.some((g) => g.startsWith(root + norm))) return m;
    notes.push({ line: 0, action: 'replaced', message: `COPY ${dir} is followed by the siblings in ${root}${norm}` });
    return `${m}\nCOPY${flags} ${dot ?? ''}${root}${norm} ${dest}`;
  });
}

export { checksum };
