/**
 * `npm run snapshot:busybox` (as root): writes mappings/busybox-applets.tsv (each applet's --help)
 * and mappings/busybox-short-options.tsv (letters the applets migrate judges accept beyond their
 * help, probed) from the real BusyBox of the Alpine minirootfs in ../shared/alpine/.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { mappingRows } from '../src/knowledge/tsv.js';
import { helpRows, probeShortOptions, undocumentedRows } from '../src/busybox/probe.js';

const tarball = process.argv[2] ?? join('..', 'shared', 'alpine', 'alpine-minirootfs-3.20.3-x86_64.tar.gz');
const root = mkdtempSync(join(tmpdir(), 'migrate-busybox-'));
try {
  execFileSync('tar', ['-xzf', tarball, '-C', root]);
  const help = helpRows(root);
  const header = (file: string) => readFileSync(join('mappings', file), 'utf8').split('\n').filter((l) => l.startsWith('#'));
  writeFileSync('mappings/busybox-applets.tsv', [...header('busybox-applets.tsv'), ...help, ''].join('\n'));
  const judged = mappingRows('busybox-gnu.tsv').filter((r) => r[2] === 'applet').map((r) => r[0]!);
  const helpShort = new Map(help.map((l) => l.split('\t')).map(([a, s]) => [a!, s === '-' ? '' : s!]));
  const probed = await probeShortOptions(root, judged.filter((a) => helpShort.has(a)));
  const rows = undocumentedRows(helpShort, probed);
  writeFileSync('mappings/busybox-short-options.tsv', [...header('busybox-short-options.tsv'), ...rows, ''].join('\n'));
  console.log(`mappings/busybox-applets.tsv: ${help.length} applets; mappings/busybox-short-options.tsv: ${rows.length} rows (${basename(tarball)})`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
