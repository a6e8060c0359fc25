/**
 * Running a command inside an Alpine root: a private mount and PID namespace (a user namespace too
 * when not root) with /proc and /dev, then chroot. The environment is only what the step sets,
 * as in a container. Output is kept bounded; a step that outlives its timeout is killed with its
 * namespace (unshare --kill-child).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join, posix } from 'node:path';

export interface ChrootRun {
  status: number | null;
  /** Why there is no status: the signal, or the error spawning or reading failed with. */
  failure: string | null;
  output: string;
  timedOut: boolean;
}

/** Runs as the namespace's first process; host tools by absolute path, as PATH is the step's. */
function wrapper(userspec: string | undefined): string {
  const mount = hostTool('mount');
  return `r=$1; shift; ${mount} -t proc proc "$r/proc" 2>/dev/null; ${mount} --rbind /dev "$r/dev" 2>/dev/null; exec ${hostTool('chroot')}${userspec ? ` --userspec=${userspec}` : ''} "$r" "$@"`;
}
const MAX_OUTPUT = 4 * 1024 * 1024;

/** The host's unshare, found on the host PATH once: the step's PATH is the image's, not ours. */
function hostTool(name: string): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) if (dir && existsSync(join(dir, name))) return join(dir, name);
  return `/usr/bin/${name}`;
}

export function runInRoot(root: string, argv: string[], env: Record<string, string>, opts: { timeoutMs: number; userspec?: string }): ChrootRun {
  mkdirSync(join(root, 'proc'), { recursive: true });
  mkdirSync(join(root, 'dev'), { recursive: true });
  const userns = process.getuid?.() === 0 ? [] : ['--user', '--map-root-user'];
  const r = spawnSync(hostTool('unshare'), [...userns, '--mount', '--pid', '--fork', '--kill-child', '/bin/sh', '-c', wrapper(opts.userspec), 'verify', root, ...argv], {
    env,
    encoding: 'utf8',
    maxBuffer: MAX_OUTPUT,
    timeout: opts.timeoutMs,
    killSignal: 'SIGKILL',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const code = r.error ? String((r.error as NodeJS.ErrnoException).code ?? r.error.message) : null;
  return { status: r.status, failure: code ?? r.signal ?? null, output, timedOut: code === 'ETIMEDOUT' };
}

/**
 * The host path of `path` inside `root`, following symbolic links as the root itself would (an
 * absolute link target is taken from the root), so nothing is ever written outside the root.
 */
export function resolveInRoot(root: string, path: string, followLast = true): string {
  const parts = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const done: string[] = [];
  let hops = 0;
  while (parts.length) {
    const part = parts.shift()!;
    if (part === '..') {
      done.pop();
      continue;
    }
    if (part === '.') continue;
    const host = join(root, ...done, part);
    let link: string | null = null;
    try {
      if ((parts.length > 0 || followLast) && lstatSync(host).isSymbolicLink()) link = readlinkSync(host);
    } catch {
      link = null;
    }
    if (link !== null) {
      if (++hops > 40) throw new Error(`too many levels of symbolic links in ${path}`);
      if (link.startsWith('/')) done.length = 0;
      parts.unshift(...link.split('/').filter(Boolean));
      continue;
    }
    done.push(part);
  }
  return join(root, ...done);
}
