/**
 * The Debian-isms outside package installs (mappings/debian-commands.tsv, debian-only-paths.tsv,
 * deb-arches.tsv, alpine-rootfs-commands.tsv, alpine-groups.tsv), one fixture per kind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scanner.js';
import { rules, shell } from '../helpers.js';

describe('Debian and systemd tools in scripts', () => {
  it.each([
    ['apt-get update && apt-get upgrade -y', ['shell/apt-maintenance@1', 'shell/apt-maintenance@1']],
    ['apt-get clean && rm -rf /var/lib/apt/lists/*', ['shell/apt-maintenance@1', 'shell/debian-path@1']],
    ['apt-mark hold linux-image-generic', ['shell/apt-maintenance@1']],
    ['update-initramfs -u -k all', ['shell/debian-tool@1']],
    ['u-boot-update', ['shell/debian-tool@1']],
    ['dpkg-buildpackage -us -uc -b', ['shell/debian-tool@1']],
    ['DEB_HOST_MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)', ['shell/debconf-variable@1', 'shell/debian-tool@1']],
    ['lb config --distribution noble', ['shell/debian-tool@1']],
    ['snap prepare-image --classic ubuntu-core.model', ['shell/debian-tool@1']],
    ['netplan apply', ['shell/debian-tool@1']],
    ['systemd-tmpfiles --create', ['shell/systemd-tool@1']],
    ['echo hi | systemd-cat -t boot', ['shell/systemd-tool@1']],
    ['journalctl -u ssh --no-pager', ['shell/systemd-tool@1']],
    ['ldconfig', ['shell/debian-tool@1']],
    ['update-ca-certificates', []],
  ])('%s', (line, expected) => {
    expect(rules(shell(line))).toEqual(expected);
  });

  it('says what Alpine has instead, with the row severity', () => {
    const [f] = shell('update-initramfs -c -k 6.1').findings;
    expect(f).toMatchObject({ rule: 'shell/debian-tool', severity: 'warning', data: { command: 'update-initramfs', alpine: 'mkinitfs' } });
    const [u] = shell('apt-get update').findings;
    expect(u).toMatchObject({ rule: 'shell/apt-maintenance', severity: 'info', data: { command: 'apt-get', alpine: 'apk update' } });
  });
});

describe('systemctl beyond enable and disable', () => {
  it.each([
    ['systemctl start ssh', 'warning'],
    ['systemctl daemon-reload', 'warning'],
    ['systemctl is-active --quiet ssh', 'warning'],
    ['systemctl enable ssh', 'error'],
    ['systemctl set-default multi-user.target', 'error'],
  ])('%s is a %s', (line, severity) => {
    const f = shell(line).findings.filter((x) => x.rule === 'systemd/systemctl');
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBe(severity);
  });
});

describe('paths Alpine does not have', () => {
  it.each([
    ['cp foo.service /lib/systemd/system/', ['shell/systemd-path@1']],
    ['cp logind.conf /etc/systemd/logind.conf', ['shell/systemd-path@1']],
    ['ln -sf /run/systemd/resolve/stub-resolv.conf /etc/resolv.conf', ['shell/systemd-path@1']],
    ['echo "FOO=1" > /etc/default/foo', ['shell/debian-path@1']],
    ['cp 01-net.yaml /etc/netplan/', ['shell/debian-path@1']],
    ['./configure --libdir=/usr/lib/aarch64-linux-gnu', ['shell/multiarch-path@1']],
    ['cp lib.so /usr/lib/arm-linux-gnueabihf/', ['shell/multiarch-path@1']],
    ['/usr/sbin/halt -f', ['shell/command-path@1']],
    ['/usr/bin/sleep 1', ['shell/command-path@1']],
    ['/usr/bin/env python3 x.py', []],
    ['ln -s /usr/bin/bash /usr/local/bin/sh', ['shell/command-path@1']],
    ['sed -i s/a/b/ /etc/ssh/sshd_config', []],
    ['curl -o out https://example.com/usr/lib/x86_64-linux-gnu/f', []],
  ])('%s', (line, expected) => {
    expect(rules(shell(line))).toEqual(expected);
  });

  it('names where Alpine keeps the command, from the minirootfs', () => {
    const [f] = shell('/usr/bin/sleep 5').findings;
    expect(f).toMatchObject({ rule: 'shell/command-path', data: { path: '/usr/bin/sleep', alpine: '/bin/sleep' } });
  });
});

describe('groups Alpine does not have', () => {
  it.each([
    ['usermod -aG sudo,video comma', ['busybox/missing-command@1', 'shell/debian-group@1']],
    ['adduser comma systemd-journal', ['shell/debian-group@1']],
    ['adduser comma video', []],
    ['chown root:pollinate /var/cache/pollinate', ['shell/debian-group@1']],
    ['chgrp plugdev /etc/x', ['shell/debian-group@1']],
  ])('%s', (line, expected) => {
    expect(rules(shell(line))).toEqual(expected);
  });

  it('maps sudo to wheel and calls a dropped group information', () => {
    const x = shell('usermod -aG sudo comma\nadduser comma systemd-journal').findings.filter((f) => f.rule === 'shell/debian-group');
    expect(x.map((f) => [f.data!.group, f.severity, f.data!.action])).toEqual([['sudo', 'warning', 'map'], ['systemd-journal', 'info', 'drop']]);
  });
});

describe('shell that BusyBox ash runs differently', () => {
  it('checks a script with a broken #! line as sh', () => {
    expect(rules(shell('#/usr/bin/env bash\nfor i in {1..200}; do :; done\n'))).toEqual(['shell/broken-shebang@1', 'busybox/bashism@2']);
  });

  it.each([
    ['#!/bin/sh\nfor i in {1..3}; do :; done\n', '{a..b} brace range'],
    ['#!/bin/sh\n(( n++ ))\n', '(( )) arithmetic command'],
    ['#!/bin/sh\nx=$(< /etc/hostname)\n', '$(< file)'],
  ])('%j is a bashism', (text, construct) => {
    expect(shell(text).findings.map((f) => [f.rule, f.line, f.data?.construct])).toEqual([['busybox/bashism', 2, construct]]);
  });

  it('says an option-less applet ignores or refuses an option, and names the package', () => {
    const [f] = shell('lsusb -d 1234:5678').findings;
    expect(f).toMatchObject({ rule: 'busybox/unsupported-option', line: 1, data: { command: 'lsusb', option: '-d', package: 'usbutils', optionless: true } });
    expect(shell('ps -p 1').findings[0]!.data).not.toHaveProperty('optionless');
  });

  it.each([
    ['ss -tlnp', ['busybox/missing-command@1']],
    ['hciconfig hci0 up', ['busybox/missing-command@1']],
    ['modprobe -n --first-time foo', ['busybox/unsupported-option@1', 'busybox/unsupported-option@1']],
    ['lsusb -d 1234:5678', ['busybox/unsupported-option@1']],
    ['#!/bin/sh\necho $((1 + 2))\n', []],
    ['#!/bin/bash\nbash ./stage.sh\n', ['busybox/bash-script@1']],
    ['#!/bin/sh\nbash ./stage.sh\n', ['busybox/missing-command@2']],
  ])('%s', (line, expected) => {
    expect(rules(shell(line))).toEqual(expected);
  });
});

describe('what works on Alpine gets no error', () => {
  it.each([
    'mv -T /var /usr/default',
    'adduser comma video',
    '#!/bin/sh\nsource ./env.sh\n',
    '#!/bin/sh\n. /etc/os-release\n',
    'losetup -f -P /tmp/disk.img',
    'update-ca-certificates',
    'ln -sf /usr/share/zoneinfo/UTC /etc/localtime',
    'chown comma:video /data',
  ])('%j', (text) => {
    expect(shell(text).findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toEqual([]);
  });

  it('turning off a distribution unit is information; turning off a shipped one an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-disable-'));
    try {
      writeFileSync(join(dir, 'app.service'), '[Service]\nExecStart=/usr/bin/app\n');
      writeFileSync(join(dir, 'setup.sh'), 'systemctl disable apt-daily.timer\nsystemctl disable app.service\n');
      const result = await scan(dir);
      const calls = result.findings.filter((f) => f.rule === 'systemd/systemctl').map((f) => [f.line, f.severity]);
      expect(calls).toEqual([[1, 'info'], [2, 'error']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
