/**
 * `npm run snapshot:rootfs`: writes mappings/alpine-groups.tsv, alpine-users.tsv and
 * alpine-rootfs-commands.tsv from the real Alpine minirootfs in ../shared/alpine/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deriveRootfsTables } from '../src/knowledge/rootfs-tables.js';

const tarball = process.argv[2] ?? join('..', 'shared', 'alpine', 'alpine-minirootfs-3.20.3-x86_64.tar.gz');
const tables = deriveRootfsTables(readFileSync(tarball), basename(tarball));
for (const [file, text] of Object.entries(tables)) {
  writeFileSync(join('mappings', file), text);
  console.log(`mappings/${file}: ${text.split('\n').filter((l: string) => l && !l.startsWith('#')).length} rows`);
}
