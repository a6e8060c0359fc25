/**
 * What kind of file this is, from its path and its first bytes. Content wins over names where the
 * two disagree: a `.deb` that is a Git LFS pointer is a pointer, not a broken archive.
 */
import type { FileKind } from './types.js';
import { isShell } from '../knowledge/shells.js';
import { UNIT_TYPES } from '../systemd/parse.js';
import { isConfigFile } from '../knowledge/config-rules.js';
import { familyOf } from './program/family.js';

/** How many leading bytes `classify` needs to see. */
export const HEAD_BYTES = 512;

const UNIT_RE = new RegExp(`\\.(${UNIT_TYPES.join('|')})$`);
const DROP_IN_RE = new RegExp(`\\.(${UNIT_TYPES.join('|')})\\.d/[^/]+\\.conf$`);
const SHELL_EXT = /\.(sh|bash|ksh|dash|ash)$/;
const LFS_SIGNATURE = 'version https://git-lfs.github.com/spec/v1';

function isDockerfileName(base: string): boolean {
  const lower = base.toLowerCase();
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    ((lower.startsWith('dockerfile.') || lower.startsWith('containerfile.')) && !/\.(md|txt|rst|orig|rej|bak)$/.test(lower)) ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile')
  );
}

/** The interpreter a `#!` line names, through `/usr/bin/env` and its options. */
export function shebangInterpreter(head: string): string | null {
  if (!head.startsWith('#!')) return null;
  const line = head.slice(2, head.indexOf('\n') >= 0 ? head.indexOf('\n') : undefined).trim();
  const words = line.split(/\s+/);
  let prog = words[0] ?? '';
  let i = 1;
  if (prog.endsWith('/env')) {
    while (words[i]?.startsWith('-')) i++;
    prog = words[i] ?? '';
  }
  return prog.slice(prog.lastIndexOf('/') + 1) || null;
}

/**
 * The shell a first line meant to name when it is not a valid #! line (`#/usr/bin/env bash`,
 * `!#/bin/bash`, `# !/bin/sh`): the kernel will not run it, the calling shell will.
 */
export function brokenShebang(head: string): string | null {
  const line = head.slice(0, head.indexOf('\n') >= 0 ? head.indexOf('\n') : undefined);
  if (line.startsWith('#!')) return null;
  const m = /^(?:#\s*!?|!#)\s*(\/\S*\/)(?:env\s+(?:-\S+\s+)*)?(\S+)\s*$/.exec(line);
  const prog = m ? (m[1]!.endsWith('/env/') ? m[2]! : m[2]!.slice(m[2]!.lastIndexOf('/') + 1)) : null;
  return prog && isShell(prog) ? prog : null;
}

export function classify(path: string, head: Uint8Array): FileKind {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'elf';
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 200)).toString('latin1');
  if (text.startsWith(LFS_SIGNATURE)) return 'lfs-pointer';
  if (base.endsWith('.deb')) return 'deb';
  if (isDockerfileName(base)) return 'dockerfile';
  if (UNIT_RE.test(base) || DROP_IN_RE.test(path)) return 'systemd-unit';
  if (SHELL_EXT.test(base)) return 'shell';
  const interpreter = shebangInterpreter(text);
  if (interpreter && isShell(interpreter)) return 'shell';
  if (brokenShebang(text)) return 'shell';
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'workflow';
  if (isConfigFile(path)) return 'config';
  if (familyOf(path, interpreter)) return 'program';
  return 'other';
}
