/**
 * The tables read off an Alpine minirootfs: its groups (/etc/group), users (/etc/passwd) and the
 * commands on its PATH with where each lives (bin, sbin, usr/bin, usr/sbin). Pure, so
 * `npm run snapshot:rootfs` writes them and the oracle test re-derives them from the same tarball.
 */
import { gunzipSync } from 'node:zlib';
import { readTar } from '../archive/tar.js';

export interface RootfsTables {
  'alpine-groups.tsv': string;
  'alpine-users.tsv': string;
  'alpine-rootfs-commands.tsv': string;
}

const PATH_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin'];

export function deriveRootfsTables(tarball: Buffer, label: string): RootfsTables {
  const entries = readTar(gunzipSync(tarball, { maxOutputLength: 64 << 20 }), { maxEntries: 10_000 });
  const text = (name: string) => {
    const e = entries.find((x) => x.name.replace(/^\.\//, '') === name);
    if (!e) throw new Error(`${label}: no ${name}`);
    return e.data.toString('utf8');
  };
  const fields = (body: string) => body.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
  const regenerate = 'Regenerate: npm run snapshot:rootfs (reads ../shared/alpine/alpine-minirootfs-*-x86_64.tar.gz).';
  const groups = fields(text('etc/group')).map(([g, , gid]) => `${g}\t${gid}`);
  const users = fields(text('etc/passwd')).map(([u, , uid, , , , shell]) => `${u}\t${uid}\t${shell}`);
  const commands = entries
    .map((e) => ({ path: `/${e.name.replace(/^\.\//, '')}`, e }))
    .filter(({ path, e }) => (e.type === '0' || e.type === '2') && PATH_DIRS.includes(path.slice(0, path.lastIndexOf('/'))))
    .map(({ path }) => `${path.slice(path.lastIndexOf('/') + 1)}\t${path}`)
    .sort();
  return {
    'alpine-groups.tsv': [`# Groups in Alpine's base layout: /etc/group of ${label}.`, `# ${regenerate}`, '# group\tgid', ...groups, ''].join('\n'),
    'alpine-users.tsv': [`# Users in Alpine's base layout: /etc/passwd of ${label}.`, `# ${regenerate}`, '# user\tuid\tshell', ...users, ''].join('\n'),
    'alpine-rootfs-commands.tsv': [
      `# Commands on the PATH of ${label} (bin, sbin, usr/bin, usr/sbin: files and`,
      '# BusyBox applet links) and where each is: a script naming /usr/bin/sleep or /usr/sbin/halt, as a',
      '# merged-/usr Debian has them, finds nothing there on this Alpine.',
      `# ${regenerate}`,
      '# command\tpath',
      ...commands,
      '',
    ].join('\n'),
  };
}
