/**
 * Configuration files of Debian tools (mappings/config-rules.tsv), programs in other languages and
 * GitHub workflows: the file kinds outside shell, Dockerfiles and units.
 */
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { isConfigFile } from '../../src/knowledge/config-rules.js';
import { extractConfig } from '../../src/scan/config/extract.js';
import { extractProgram } from '../../src/scan/program/extract.js';
import { stringLiterals } from '../../src/scan/program/literals.js';
import { extractWorkflow } from '../../src/scan/workflow/extract.js';
import { extractUnit } from '../../src/scan/systemd/extract.js';
import type { Extraction, FileKind, SourceFile } from '../../src/scan/types.js';
import { dedent, rules, shell } from '../helpers.js';

const file = (path: string, kind: FileKind, text: string): SourceFile => ({ path, kind, text: dedent(text), size: text.length });
const ctx = { knowledge: loadKnowledge() };
const all = (x: Extraction) => x.findings.map((f) => `${f.rule}@${f.line}`);

describe('config files', () => {
  it.each([
    ['etc/apt/apt.conf', 'APT::Install-Recommends "0";\n// a comment\nDPkg {\n  Pre-Invoke { "/usr/comma/apt_setup.sh"; };\n};\n', ['config/apt-config@1', 'config/apt-config@3', 'config/apt-config@4']],
    ['usr/comma/tmpfiles.conf', '# x\nd /var/crash 0755 - - -\nd /var/lib/dpkg 0755 - - -\n', ['config/tmpfiles-entry@2', 'shell/debian-path@2', 'config/tmpfiles-entry@3', 'shell/debian-path@3']],
    ['files/fstab', '/dev/a /cache ext4 noatime,x-systemd.makefs 0 0\n/dev/b /data auto discard 0 0\n', ['config/fstab-systemd-option@1']],
    ['files/NetworkManager.conf', '[main]\nplugins=ifupdown,keyfile\ndns=systemd-resolved\n\n[ifupdown]\nmanaged=true\n', ['config/networkmanager-ifupdown@2', 'config/networkmanager-resolved@3', 'config/networkmanager-ifupdown@5', 'config/networkmanager-ifupdown@6']],
    ['files/logind.conf', '[Login]\n#NAutoVTs=6\nRemoveIPC=no\n', ['config/systemd-component@3']],
    ['files/comma-polkit.rules', 'if (subject.isInGroup("sudo")) {}\nif (subject.isInGroup("video")) {}\n', ['config/polkit-group@1']],
    ['files/sshd_config', 'UsePAM yes\nPrintMotd no\nSubsystem sftp /usr/lib/openssh/sftp-server\nPort 22\n', ['config/sshd-debian@1', 'config/sshd-debian@2', 'shell/debian-path@3']],
    ['etc/security/limits.conf', '# x\n* soft nofile 4096\n', ['config/pam-limits@2']],
    ['boot/firmware/network-config', 'network:\n  version: 2\n  ethernets:\n    all:\n      match:\n        name: "en*"\n', ['config/netplan@2', 'config/netplan@6']],
    ['u-boot/debian/control', 'Source: u-boot\nStandards-Version: 4.6.0\nBuild-Depends: debhelper-compat (= 13)\nHomepage: https://x\n', ['config/debian-control@1', 'config/debian-control@2', 'config/debian-control@3']],
    ['u-boot/debian/rules', '#!/usr/bin/make -f\ninclude /usr/share/dpkg/architecture.mk\nCROSS_COMPILE ?= $(DEB_HOST_GNU_TYPE)-\n%:\n\tdh $@\n', ['config/debian-rules@2', 'config/debian-rules@3', 'config/debian-rules@5']],
    ['u-boot/debian/source/format', '3.0 (quilt)\n', ['config/debian-source@1']],
  ])('%s', (path, text, expected) => {
    expect(all(extractConfig(file(path, 'config', text), ctx))).toEqual(expected);
  });

  it('checks the owner of a tmpfiles entry against Alpine\'s users and groups', () => {
    const x = extractConfig(file('usr/lib/tmpfiles.d/x.conf', 'config', 'd /var/cache/pollinate 0755 pollinate daemon -\nd /run/a 0755 root root -\n'), ctx);
    expect(all(x)).toEqual(['config/tmpfiles-entry@1', 'shell/debian-user@1', 'config/tmpfiles-entry@2']);
    expect(x.findings[1]!.data).toEqual({ user: 'pollinate' });
  });

  it('reads a live-build package list as installs, and a snap seed', () => {
    const x = extractConfig(file('config/package-lists/desktop.list.chroot', 'config', '# comment\nubuntu-desktop-minimal\nsnapd oem-config\n'), ctx);
    expect(all(x)).toEqual(['config/live-build-package-list@2', 'config/live-build-package-list@3']);
    expect(x.packages.map((p) => `${p.name}@${p.line} ${p.manager}`)).toEqual(['ubuntu-desktop-minimal@2 live-build', 'snapd@3 live-build', 'oem-config@3 live-build']);
    expect(all(extractConfig(file('seed/seed.yaml', 'config', 'snaps:\n  - name: core22\n    channel: stable\n'), ctx))).toEqual(['config/snap-seed@2']);
  });

  it("reads pi-gen's stage package lists as installs", () => {
    const x = extractConfig(file('stage2/01-sys-tweaks/00-packages-nr', 'config', 'ssh less sudo\npython3-gpiozero\n'), ctx);
    expect(all(x)).toEqual(['config/pi-gen-package-list@1', 'config/pi-gen-package-list@2']);
    expect(x.packages.map((p) => `${p.name}@${p.line} ${p.manager}`)).toEqual(['ssh@1 pi-gen', 'less@1 pi-gen', 'sudo@1 pi-gen', 'python3-gpiozero@2 pi-gen']);
    expect(isConfigFile('stage2/01-sys-tweaks/00-run.sh')).toBe(false);
    expect(isConfigFile('docs/00-packages')).toBe(false);
  });

  it('caps the findings of one file, and says so', () => {
    const lines = Array.from({ length: 600 }, (_, i) => `d /run/x${i} 0755 - - -`).join('\n');
    const x = extractConfig(file('usr/lib/tmpfiles.d/big.conf', 'config', `${lines}\n`), ctx);
    expect(x.findings).toHaveLength(501);
    expect(x.findings.at(-1)).toMatchObject({ rule: 'scan/findings-capped', line: 500, data: { limit: 500, checkedLines: 500 } });
    const program = Array.from({ length: 250 }, () => 'subprocess.run(["systemctl", "stop", "x"])').join('\n');
    const p = extractProgram(file('t.py', 'program', `${program}\n`), ctx);
    expect([p.findings.length, p.findings.at(-1)?.rule]).toEqual([201, 'scan/findings-capped']);
  });

  it('names the group and its Alpine counterpart', () => {
    const [f] = extractConfig(file('x.rules', 'config', 'subject.isInGroup("sudo")\n'), ctx).findings;
    expect(f!.data).toMatchObject({ group: 'sudo', action: 'map', alpine: 'wheel' });
  });
});

describe('programs in other languages', () => {
  it('reads string literals, not comments, with their lines', () => {
    expect(stringLiterals('# "not this"\nx = "a b"\ny = """m\nn"""\nz = \'c\'\n', 'python')).toEqual([
      { text: 'a b', line: 2 },
      { text: 'm\nn', line: 3 },
      { text: 'c', line: 5 },
    ]);
    expect(stringLiterals('// "no"\n/* "no" */ s = "yes";\n', 'c')).toEqual([{ text: 'yes', line: 2 }]);
  });

  it.each([
    ['subprocess.run(["systemctl", "stop", "weston"])', ['program/command@1']],
    ['os.system("journalctl -u sound --no-pager")', ['program/command@1']],
    ['out = subprocess.check_output("ss -tlnp", shell=True)', ['program/command@1']],
    ['subprocess.call(["/usr/sbin/halt", "-f"])', ['shell/command-path@1']],
    ['UNIT = "/lib/systemd/system/weston.service"', ['shell/systemd-path@1']],
    ['print("systemctl is the tool")', []],
    ['label = "systemctl"', []],
  ])('%s', (line, expected) => {
    const x = extractProgram(file('t.py', 'program', `${line}\n`), ctx);
    expect(all(x)).toEqual(expected);
    expect(x.findings.every((f) => f.confidence === 'low')).toBe(true);
  });
});

describe('GitHub workflows', () => {
  const wf = (text: string) => extractWorkflow(file('.github/workflows/build.yml', 'workflow', text), ctx);

  it('analyses run: steps as shell on their own lines, as information on an Ubuntu runner', () => {
    const x = wf(`
      jobs:
        build:
          runs-on: ubuntu-24.04
          steps:
            - uses: actions/checkout@v4
            - name: deps
              run: |
                sudo apt-get update
                sudo apt-get install -y debootstrap
            - run: systemctl start docker
    `);
    expect(all(x)).toEqual(['busybox/missing-command@8', 'shell/apt-maintenance@8', 'busybox/missing-command@9', 'shell/apt-install@9', 'systemd/systemctl@10']);
    expect(x.findings.every((f) => f.severity === 'info' && f.data?.runner === 'ubuntu-24.04')).toBe(true);
    expect(x.packages).toEqual([]);
  });

  it('keeps severities on another runner, and reports YAML it cannot read', () => {
    expect(wf('jobs:\n  b:\n    runs-on: self-hosted\n    steps:\n      - run: apt-get install -y jq\n').findings.map((f) => f.severity)).toEqual(['error']);
    expect(all(wf('jobs: [\n'))).toEqual(['workflow/parse-error@2']); // the unclosed [ is found at the end
  });
});

describe('unit files', () => {
  const unit = (text: string) => extractUnit(file('files/magic.service', 'systemd-unit', text), ctx);

  it('reports the install target, dependencies on targets OpenRC lacks, and Exec lines run by bash', () => {
    const x = unit(`
      [Unit]
      After=multi-user.target network.target
      [Service]
      ExecStartPre=/bin/bash -c "systemctl restart foo"
      ExecStart=/usr/bin/sleep 10
      [Install]
      WantedBy=multi-user.target
    `);
    expect(all(x)).toEqual(['systemd/target-dependency@2', 'systemd/exec-shell@4', 'systemd/systemctl@4', 'shell/command-path@5', 'systemd/install-target@7']);
    expect(x.findings.find((f) => f.rule === 'systemd/install-target')!.data).toEqual({ target: 'multi-user.target', runlevel: 'default' });
  });
});

describe('other shell Debian-isms', () => {
  it.each([
    ['cp build/linux-image-6.1.deb out/', ['shell/deb-file@1']],
    ['mkdir -p pkg/DEBIAN', ['shell/deb-file@1']],
    ['cat control > pkg/DEBIAN/control', ['shell/deb-file@1']],
    ['export DEBIAN_FRONTEND=noninteractive', ['shell/debconf-variable@1']],
    ['export PATH=/usr/lib/ccache:$PATH', ['shell/debian-path@1']],
    ['mount -t tmpfs none "${CHROOT}/var/lib/apt/lists"', ['shell/debian-path@1']],
    ['cp nsswitch.conf rootfs/etc/nsswitch.conf', ['shell/debian-path@1']],
  ])('%s', (line, expected) => {
    expect(rules(shell(line))).toEqual(expected);
  });

  it('marks a dpkg maintainer script', async () => {
    const { extractShell } = await import('../../src/scan/shell/extract.js');
    const x = extractShell(file('pkg/debian/postinst', 'shell', '#!/bin/sh\nset -e\n'), ctx);
    expect(all(x)).toEqual(['shell/maintainer-script@1']);
  });
});
