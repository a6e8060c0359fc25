/**
 * Which option letters a BusyBox applet accepts, asked of the real binary. `--help` lists what an
 * applet documents, but getopt32 strings hold more: BusyBox `install` takes `-v` and `-b`, `tar`
 * takes `-p`, `mv` and `cp` take `-v`, none of them in the help. Each letter is tried as
 * `APPLET -X /nonexistent-a /nonexistent-b`; BusyBox refuses an unknown letter with "unrecognized
 * option" (or "invalid option") before it looks at any operand, so any other answer means the
 * letter parsed. A letter accepted this way may still be ignored: the probe only says it is not an error.
 *
 * The probes run in a copy of the minirootfs inside fresh user, mount, PID, network, IPC and UTS
 * namespaces: an applet that acts on a letter (hostname, umount -a, kill) acts on the sandbox.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAppletHelp } from './help.js';

const run = promisify(execFile);

export const PROBE_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// BusyBox sh inside the root: one process per letter, bounded by timeout (tail -F waits forever).
const PROBE_SCRIPT = `cd /tmp
for a in "$@"; do
  ok=
  for L in ${[...PROBE_LETTERS].join(' ')}; do
    timeout 3 /bin/busybox "$a" "-$L" /nonexistent-a /nonexistent-b </probe.empty >/probe.out 2>&1
    read -r out </probe.out
    case $out in *"unrecognized option"*|*"invalid option"*) ;; *) ok=$ok$L;; esac
  done
  echo "$a $ok"
done
`;

/** Rows of mappings/busybox-applets.tsv: every applet with the options its --help lists. */
export function helpRows(root: string): string[] {
  const applets = execFileSync('chroot', [root, '/bin/busybox', '--list'], { encoding: 'utf8' }).trim().split('\n').sort();
  return applets.map((a) => {
    const r = spawnSync('chroot', [root, '/bin/busybox', a, '--help'], { encoding: 'utf8', input: '' });
    const o = parseAppletHelp(`${r.stdout}${r.stderr}`, a);
    return `${a}\t${o.short || '-'}\t${o.long.join(',') || '-'}`;
  });
}

/** Accepted letters per applet. `root` is an extracted minirootfs the probe may write into. */
export async function probeShortOptions(root: string, applets: string[], parallel = 2): Promise<Map<string, string>> {
  writeFileSync(join(root, 'probe.empty'), '');
  const chunks: string[][] = Array.from({ length: parallel }, () => []);
  applets.forEach((a, i) => chunks[i % parallel]!.push(a));
  const userns = ['--user', '--map-root-user', '--net', '--pid', '--fork', '--kill-child', '--mount', '--ipc', '--uts'];
  const answers = new Map<string, string>();
  await Promise.all(
    chunks
      .filter((c) => c.length > 0)
      .map(async (chunk, i) => {
        // Each chunk has its own scratch files: the two sandboxes share the root.
        const script = PROBE_SCRIPT.replaceAll('/probe.out', `/probe-${i}.out`);
        writeFileSync(join(root, `probe-${i}.sh`), script);
        const { stdout } = await run('unshare', [...userns, 'chroot', root, '/bin/sh', `/probe-${i}.sh`, ...chunk], { maxBuffer: 1 << 20, timeout: 600_000 });
        for (const line of stdout.split('\n')) {
          const [applet, letters = ''] = line.split(' ');
          if (applet) answers.set(applet, letters);
        }
      }),
  );
  return answers;
}

/**
 * Rows of mappings/busybox-short-options.tsv: for each applet whose --help lists short options,
 * the letters it accepts beyond them. An applet that accepts every letter parses no options at all
 * (realpath, lsusb take `-x` as an operand or ignore it) and has no row: its help's "no options" stands.
 */
export function undocumentedRows(help: Map<string, string>, probed: Map<string, string>): string[] {
  const rows: string[] = [];
  for (const [applet, accepted] of [...probed].sort(([a], [b]) => a.localeCompare(b))) {
    const documented = help.get(applet) ?? '';
    if (!documented || accepted.length === PROBE_LETTERS.length) continue;
    const extra = [...accepted].filter((c) => !documented.includes(c)).join('');
    if (extra) rows.push(`${applet}\t${extra}`);
  }
  return rows;
}
