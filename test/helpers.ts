import { loadKnowledge } from '../src/knowledge/load.js';
import { loadShellGrammar } from '../src/scan/common/shell-parser.js';
import { extractDockerfile } from '../src/scan/dockerfile/extract.js';
import { extractShell } from '../src/scan/shell/extract.js';
import type { Extraction } from '../src/scan/types.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

await loadShellGrammar();

/** Strips a common leading indentation so inline fixtures can be indented with the test. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function shell(text: string): Extraction {
  return extractShell({ path: 'test.sh', kind: 'shell', text: dedent(text), size: text.length }, { knowledge: loadKnowledge() });
}

export function dockerfile(text: string): Extraction {
  return extractDockerfile({ path: 'Dockerfile', kind: 'dockerfile', text: dedent(text), size: text.length }, { knowledge: loadKnowledge() });
}

/** Packages as compact strings: `name[:arch][=version]@line` (+ ` local` for .deb files). */
export function pkgs(x: Extraction): string[] {
  return x.packages.map((p) => `${p.name}${p.arch ? `:${p.arch}` : ''}${p.version ? `=${p.version}` : ''}@${p.line}${p.source === 'local-deb' ? ' local' : ''}`);
}

/** Findings as `rule@line`, without the always-present shell/apt-install ones unless asked. */
export function rules(x: Extraction, withInstall = false): string[] {
  return x.findings.filter((f) => withInstall || f.rule !== 'shell/apt-install').map((f) => `${f.rule}@${f.line}`);
}

/** A throwaway repository holding `files` (repo-relative path -> text), directories made as needed. */
export function repoWith(files: Record<string, string>, prefix = 'migrate-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
