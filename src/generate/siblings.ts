/**
 * The Alpine siblings of a repository's Dockerfiles and scripts (pure): names by rule or by the
 * repository's .migrate.ini, translated content, and the header that marks them as generated.
 * Only files with something Debian-specific get a sibling; the originals are never changed.
 */
import { posix } from 'node:path';
import type { ScanResult } from '../scan/result.js';
import { translateDockerfile, type DockerfileContext } from './dockerfile.js';
import { checksum, headerFor, type GeneratedFile } from './header.js';
import { translateShell } from './translate-shell.js';

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
  return join(base.endsWith('.sh') ? `${base.slice(0, -3)}_alpine.sh` : `${base}_alpine`);
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

export function planSiblings(result: Pick<ScanResult, 'files'>, read: (path: string) => string, ctx: DockerfileContext, overrides: Map<string, string>): SiblingPlan[] {
  const plans: SiblingPlan[] = [];
  const dockerNames = new Map<string, string>();
  for (const f of result.files) if (f.kind === 'dockerfile' && !f.file.endsWith('.alpine')) dockerNames.set(posix.basename(f.file), posix.basename(siblingName(f.file, 'dockerfile', overrides)));
  for (const f of result.files) {
    if ((f.kind !== 'dockerfile' && f.kind !== 'shell') || /(_alpine(\.sh)?|\.alpine)$/.test(f.file) || f.file.includes('/openrc/')) continue;
    const text = read(f.file);
    const t = f.kind === 'dockerfile' ? translateDockerfile(text, ctx) : translateShell(text, ctx);
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
    // A build script builds the Alpine Dockerfiles: point it at their siblings, and keep its
    // outputs apart from the Ubuntu build's (build/alpine, output/alpine).
    const notes = [...t.notes];
    if (f.kind === 'shell') {
      let pointed = false;
      for (const [from, to] of dockerNames) {
        const re = new RegExp(`(?<![\\w.-])${from.replace(/[.]/g, '\\.')}(?![\\w.-])`, 'g');
        if (re.test(content)) pointed = true;
        content = content.replace(re, to);
      }
      if (pointed) {
        content = content.replace(/^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*DIR=)(["']?)(.*?\/(?:build|output))\2\s*$/gm, (_m, lhs: string, q: string, value: string) => {
          notes.push({ line: 0, action: 'replaced', message: `${value} -> ${value}/alpine` });
          return `${lhs}${q}${value}/alpine${q}`;
        });
      }
    }
    const path = siblingName(f.file, f.kind, overrides);
    plans.push({ file: { path, sources: [f.file], mode: f.kind === 'shell' ? 0o755 : 0o644, content: withHeaderAfterPrologue([f.file], content, f.kind) }, original: f.file, notes, apkPackages: t.apkPackages });
  }
  return plans;
}

export { checksum };
