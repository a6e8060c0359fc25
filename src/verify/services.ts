/**
 * After the build: is every generated OpenRC script installed in the image, is every unit the
 * Ubuntu build enables enabled in the runlevel its conversion names, is the command each script
 * runs in the image, does /bin/sh stay BusyBox. Reads the final stage's root.
 */
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { posix } from 'node:path';
import { resolveInRoot } from './chroot.js';

export interface ServiceScript {
  /** OpenRC name (init.d/NAME). */
  name: string;
  /** The generated script in the repository. */
  file: string;
  content: string;
  /** Runlevel the Ubuntu build's enable maps to, or null when the Ubuntu build does not enable it. */
  enabledIn: string | null;
}

export interface ServiceCheck {
  name: string;
  file: string;
  installed: boolean;
  enabled: boolean | null;
  /** The command= path, and whether the image has it. */
  command: string | null;
  commandPresent: boolean | null;
}

function commandOf(content: string): string | null {
  const m = /^command=(?:"([^"]*)"|'([^']*)'|(\S+))/m.exec(content);
  const v = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  return v && !v.includes('$') ? v : null;
}

export function checkServices(root: string, scripts: ServiceScript[]): ServiceCheck[] {
  const path = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return scripts.map((s) => {
    const at = resolveInRoot(root, `/etc/init.d/${s.name}`);
    const installed = existsSync(at);
    let enabled: boolean | null = null;
    if (s.enabledIn) {
      const link = resolveInRoot(root, `/etc/runlevels/${s.enabledIn}/${s.name}`, false);
      // The link's target is absolute inside the image: read it, never follow it on the host.
      let target: string | null = null;
      try {
        target = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : null;
      } catch {
        target = null;
      }
      enabled = target !== null && posix.basename(target) === s.name && existsSync(resolveInRoot(root, posix.resolve(`/etc/runlevels/${s.enabledIn}`, target)));
    }
    const command = commandOf(s.content);
    const commandPresent = command === null ? null : command.includes('/') ? existsSync(resolveInRoot(root, command)) : path.some((d) => existsSync(resolveInRoot(root, `${d}/${command}`)));
    return { name: s.name, file: s.file, installed: installed && readFileSync(at, 'utf8') === s.content, enabled, command, commandPresent };
  });
}

/** /bin/sh must stay BusyBox: every Alpine script assumes it, and the base never changes it. */
export function shIsBusybox(root: string): boolean {
  const sh = resolveInRoot(root, '/bin/sh', false);
  try {
    return lstatSync(sh).isSymbolicLink() && posix.basename(readlinkSync(sh)) === 'busybox';
  } catch {
    return false;
  }
}
