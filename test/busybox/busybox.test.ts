/**
 * Oracle: the real BusyBox 1.36.1 of the Alpine 3.20.3 minirootfs, in a chroot. The applet table in
 * mappings/ must be what its --help says, every probed long option must still get the same answer,
 * and what the scan flags must be what the applet rejects.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpRows, probeShortOptions, undocumentedRows } from '../../src/busybox/probe.js';
import { mappingRows } from '../../src/knowledge/tsv.js';
import { ALPINE, hasTool, need, needShared } from '../support.js';
import { rules, shell } from '../helpers.js';

const dataRows = (file: string) => readFileSync(join('mappings', file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe('what the scan flags', () => {
  it.each([
    ['losetup --find --show --partscan "$IMG"', ['busybox/unsupported-option@1', 'busybox/unsupported-option@1', 'busybox/unsupported-option@1']],
    ['losetup -f -P /tmp/disk.img', []],
    ['mv -T /var /usr/default', []],
    ['ps -p $$', ['busybox/unsupported-option@1']],
    ['cp --reflink=auto a b', []],
    ['tar -xzf a.tgz -C /tmp', []],
    ['useradd -m comma', ['busybox/missing-command@1']],
    ['head -n5 file', []],
    ['install -v -m 644 a /etc/a', []],
    ['tar -xpf rootfs.tar', []],
  ])('%s', (line, expected) => {
    expect(rules(shell(line)).filter((r) => r.startsWith('busybox/'))).toEqual(expected);
  });

  it('names the package that restores the GNU tool', () => {
    const [f] = shell('losetup --find x').findings;
    expect(f!.data).toMatchObject({ command: 'losetup', option: '--find', package: 'losetup' });
  });

  it('flags bash syntax in #!/bin/sh scripts only, and bash scripts once', () => {
    expect(rules(shell('#!/bin/sh\nif [[ -f x ]]; then a=(1 2); fi\n'))).toEqual(['busybox/bashism@2', 'busybox/bashism@2']);
    expect(rules(shell('#!/bin/bash\nif [[ -f x ]]; then :; fi\n'))).toEqual(['busybox/bash-script@1']);
    expect(rules(shell('if [ -f x ]; then :; fi\n'))).toEqual([]);
  });
});

const ok = needShared('alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz') && need('root, chroot and unshare (BusyBox runs inside the Alpine root, probed in namespaces)', process.getuid?.() === 0 && hasTool('chroot') && hasTool('unshare')) && need('an x86_64 machine (the x86_64 minirootfs runs in the chroot)', process.arch === 'x64');

describe.skipIf(!ok)('the real BusyBox 1.36.1', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'migrate-busybox-'));
    execFileSync('tar', ['-xzf', join(ALPINE, 'alpine-minirootfs-3.20.3-x86_64.tar.gz'), '-C', root]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('has the applets and options mappings/busybox-applets.tsv lists', () => {
    expect(helpRows(root)).toEqual(dataRows('busybox-applets.tsv'));
  });

  it('accepts the undocumented letters mappings/busybox-short-options.tsv lists, and no others', async () => {
    const help = new Map(dataRows('busybox-applets.tsv').map((l) => l.split('\t')).map(([a, s]) => [a!, s === '-' ? '' : s!]));
    const judged = mappingRows('busybox-gnu.tsv').filter((r) => r[2] === 'applet' && help.has(r[0]!)).map((r) => r[0]!);
    const probed = await probeShortOptions(root, judged);
    expect(probed.size).toBe(judged.length);
    expect(undocumentedRows(help, probed)).toEqual(dataRows('busybox-short-options.tsv'));
  }, 240_000);

  it('answers every probed long option as recorded', () => {
    const rows = readFileSync('mappings/busybox-long-options.tsv', 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const answers = rows.map(([applet, option]) => {
      const r = spawnSync('chroot', [root, '/bin/busybox', applet!, option!, '/nonexistent-a', '/nonexistent-b'], { encoding: 'utf8', input: '', cwd: '/tmp' });
      const first = `${r.stderr}${r.stdout}`.split('\n')[0] ?? '';
      const rejected = /unrecognized option|invalid option/.test(first) || first.startsWith('BusyBox');
      return [applet, option, rejected ? 'no' : 'yes'];
    });
    expect(answers).toEqual(rows);
  });

  it.each([
    ['ps', '-p', true],
    ['install', '-v', false],
    ['tar', '-p', false],
    ['install', '-C', true],
    ['du', '-t', true],
    ['grep', '-P', true],
    ['losetup', '-f', false],
    ['mv', '-T', false],
  ])('%s %s rejected: %s, as the table says', (applet, option, rejected) => {
    const r = spawnSync('chroot', [root, '/bin/busybox', applet, option, '/nonexistent-a', '/nonexistent-b'], { encoding: 'utf8', input: '', cwd: '/tmp' });
    expect(/unrecognized option/.test(`${r.stderr}${r.stdout}`)).toBe(rejected);
    const flagged = rules(shell(`${applet} ${option} /a /b`)).includes('busybox/unsupported-option@1');
    expect(flagged).toBe(rejected);
  });
});
