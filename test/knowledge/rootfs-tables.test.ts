/**
 * Oracle: the tables read off the Alpine minirootfs (npm run snapshot:rootfs) are what the real
 * tarball holds: its /etc/group, /etc/passwd and the commands on its PATH.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveRootfsTables, type RootfsTables } from '../../src/knowledge/rootfs-tables.js';
import { ALPINE, needShared } from '../support.js';

const tarball = 'alpine-minirootfs-3.20.3-x86_64.tar.gz';

/** The tables `npm run snapshot:rootfs` writes. */
const TABLES: (keyof RootfsTables)[] = ['alpine-groups.tsv', 'alpine-users.tsv', 'alpine-rootfs-commands.tsv'];

describe.skipIf(!needShared(`alpine/${tarball}`))('tables derived from the real minirootfs', () => {
  // Read in beforeAll, not while collecting: a skipped suite's body still runs at collection, and
  // a fresh clone without ../shared must skip, not fail.
  let derived: RootfsTables;
  beforeAll(() => {
    derived = deriveRootfsTables(readFileSync(join(ALPINE, tarball)), tarball);
  });

  it('derives exactly the tables this test compares', () => {
    expect(Object.keys(derived).sort()).toEqual([...TABLES].sort());
  });

  it.each(TABLES)('mappings/%s is what the tarball holds', (file) => {
    expect(readFileSync(join('mappings', file), 'utf8')).toBe(derived[file]);
  });

  it('knows where BusyBox puts the commands a merged-/usr Debian has in /usr/bin', () => {
    const rows = new Map(derived['alpine-rootfs-commands.tsv'].split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t') as [string, string]));
    expect([rows.get('sleep'), rows.get('halt'), rows.get('env')]).toEqual(['/bin/sleep', '/sbin/halt', '/usr/bin/env']);
  });
});
