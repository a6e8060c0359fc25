import { describe, expect, it } from 'vitest';
import { pkgs, rules, shell } from '../helpers.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

describe('shell package installs', () => {
  it.each([
    ['plain apt-get', 'apt-get install -y curl git', ['curl@1', 'git@1']],
    ['apt with clustered flags and long options', 'apt install -yq --no-install-recommends vim', ['vim@1']],
    ['apt-fast', 'apt-fast install -y htop', ['htop@1']],
    ['aptitude', 'aptitude install -y tmux', ['tmux@1']],
    ['options after packages', 'apt-get install curl -y --no-install-recommends', ['curl@1']],
    ['-o with a separate value', 'apt-get -o Dpkg::Options::="--force-overwrite" install -yq jq', ['jq@1']],
    ['-o with an attached value', 'apt-get -oDebug::pkgProblemResolver=1 install jq', ['jq@1']],
    ['-t takes a value', 'apt-get install -t bookworm-backports -y linux-image-amd64', ['linux-image-amd64@1']],
    ['arch qualifier', 'apt-get install -y libc6:armhf', ['libc6:armhf@1']],
    ['version pin', 'apt-get install -y zlib1g=1:1.3.dfsg-3', ['zlib1g=1:1.3.dfsg-3@1']],
    ['arch and version', 'apt-get install -y libssl3t64:arm64=3.0.13-0ubuntu3', ['libssl3t64:arm64=3.0.13-0ubuntu3@1']],
    ['release suffix', 'apt-get install -y nginx/bookworm-backports', ['nginx@1']],
    ['names with + and .', 'apt-get install -y g++ libstdc++6 libglib2.0-0t64', ['g++@1', 'libstdc++6@1', 'libglib2.0-0t64@1']],
    ['trailing - removes', 'apt-get install -y foo bar-', ['foo@1']],
    ['not an install', 'apt-get update && apt-get remove -y foo && apt-get upgrade -y', []],
    ['continuation lines keep their lines', 'apt-get install -y \\\n  pa \\\n  pb \\\n  pc', ['pa@2', 'pb@3', 'pc@4']],
    ['&& chains and subshells', '(apt-get update && apt-get install -y pa) || apt install -y pb', ['pa@1', 'pb@1']],
    ['if and functions', 'f() {\n  apt-get install -y pa\n}\nif true; then apt install -y pb; fi', ['pa@2', 'pb@4']],
    ['absolute path to apt-get', '/usr/bin/apt-get install -y pa', ['pa@1']],
    ['sudo with options', 'sudo -E -u root apt-get install -y pa', ['pa@1']],
    ['env and assignments', 'env DEBIAN_FRONTEND=noninteractive apt-get install -y pa', ['pa@1']],
    ['prefix assignment', 'DEBIAN_FRONTEND=noninteractive apt-get install -y pa', ['pa@1']],
    ['chroot skips its directory', 'chroot /mnt/root apt-get install -y pa', ['pa@1']],
    ['eatmydata and nice', 'nice -n 10 eatmydata apt-get install -y pa', ['pa@1']],
    ['bash -c string', 'bash -c "apt-get update && apt-get install -y pa pb"', ['pa@1', 'pb@1']],
    ['sh -ec string', "sh -ec 'apt-get install -y pa'", ['pa@1']],
    ['su -c', 'su root -c "apt-get install -y pa"', ['pa@1']],
    ['ssh remote command', 'ssh device "sudo apt install -yq pa"', ['pa@1']],
    ['heredoc fed to bash', 'bash <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['cat heredoc is data', 'cat <<EOF > /etc/x\napt-get install -y pa\nEOF', []],
    ['heredoc fed to bash -e', 'bash -e <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['bash FILE does not read the heredoc', 'bash run.sh <<EOF\napt-get install -y pa\nEOF', []],
    ['heredoc fed to bash -o pipefail (-o takes a word)', 'bash -o pipefail <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['heredoc fed to sudo bash -euo pipefail', 'sudo bash -euo pipefail <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['heredoc fed to bash +O extglob', 'bash +O extglob <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['bash -o pipefail FILE does not read the heredoc', 'bash -o pipefail run.sh <<EOF\napt-get install -y pa\nEOF', []],
    ['bash --rcfile F -- FILE does not read the heredoc', 'bash --rcfile rc -- run.sh <<EOF\napt-get install -y pa\nEOF', []],
    ['heredoc fed to chroot DIR', 'chroot "$R" <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['heredoc fed to sudo chroot DIR /bin/bash', 'sudo chroot /mnt /bin/bash -x <<-\'EOF\'\n\tapt-get install -y pa\nEOF', ['pa@2']],
    ['heredoc fed to a command in the chroot is data', 'chroot /mnt tee /etc/x <<EOF\napt-get install -y pa\nEOF', []],
    ["heredoc fed to pi-gen's on_chroot", 'on_chroot << EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['heredoc fed to ssh with no command', 'ssh dev <<EOF\napt-get install -y pa\nEOF', ['pa@2']],
    ['substitution in a chroot line does not take the heredoc', 'chroot "$(echo /mnt)" cat <<EOF\napt-get install -y pa\nEOF', []],
    ['command substitution still runs', 'out=$(apt-get install -y pa)\necho "$(apt-get install -y pb)"', ['pa@1', 'pb@2']],
  ])('%s', (_name, script, expected) => {
    expect(pkgs(shell(script))).toEqual(expected);
  });
});

describe('variables defined in the same file', () => {
  it.each([
    ['scalar split into words', 'PKGS="pa pb pc"\napt-get install -y $PKGS', ['pa@1', 'pb@1', 'pc@1']],
    ['multi-line scalar keeps each line', 'PKGS="\n  pa\n  pb\n"\napt-get install -y $PKGS', ['pa@2', 'pb@3']],
    ['braced and concatenated', 'V=2\napt-get install -y python${V}-dev lib$V', ['python2-dev@2', 'lib2@2']],
    ['quoted scalar is one word, at its definition line', 'P=curl\napt-get install -y "$P"', ['curl@1']],
    ['array with [@]', 'A=(pa "pb" pc)\nA+=(pd)\napt-get install -y "${A[@]}"', ['pa@1', 'pb@1', 'pc@1', 'pd@2']],
    ['append to scalar', 'P="pa"\nP+=" pb"\napt-get install -y $P', ['pa@1', 'pb@2']],
    ['export and local', 'export P=pa\nf() { local Q=pb; apt-get install -y $P $Q; }', ['pa@1', 'pb@2']],
    ['for loop values', 'for p in pa pb; do\n  apt-get install -y "$p"\ndone', ['pa@1', 'pb@1']],
    ['for loop over pa variable', 'L="pa pb"\nfor p in $L; do apt-get install -y $p; done', ['pa@1', 'pb@1']],
    ['default value when unset', 'apt-get install -y ${PKG:-curl}', ['curl@1']],
    ['later assignment wins', 'P=pa\nP=pb\napt-get install -y $P', ['pb@2']],
    ['brace expansion', 'apt-get install -y lib{foo,bar}-dev', ['libfoo-dev@1', 'libbar-dev@1']],
    ['escaped characters', 'apt-get install -y foo\\ bar baz', ['baz@1']],
    ['$SUDO prefix with unknown value', 'apt-get install -y pa\n$SUDO apt-get install -y pb', ['pa@1', 'pb@2']],
  ])('%s', (_name, script, expected) => {
    expect(pkgs(shell(script))).toEqual(expected);
  });
});

describe('what cannot be resolved is reported, not dropped', () => {
  it.each([
    ['command substitution', 'apt-get install -y $(cat list.txt)', [], ['shell/unresolved-package-list@1']],
    ['unknown variable', 'apt-get install -y pa $PACKAGES', ['pa@1'], ['shell/unresolved-package-list@1']],
    ['variable from pa command', 'P=$(grep x y)\napt-get install -y $P', [], ['shell/unresolved-package-list@2']],
    ['positional parameters', 'install() { apt-get install -y "$@"; }', [], ['shell/unresolved-package-list@1']],
    ['xargs input', 'cat list | xargs apt-get install -y', [], ['shell/unresolved-package-list@1']],
    ['read loop', 'while read p; do apt-get install -y "$p"; done < list', [], ['shell/unresolved-package-list@1']],
    ['apt pattern', "apt-get install -y 'libfoo*'", [], ['shell/unresolved-package-list@1']],
    ['script from pa download', 'bash -c "$(curl -sL https://x.invalid/i.sh)"', [], ['shell/dynamic-script@1']],
    ['curl piped to sh', 'curl -fsSL https://x.invalid/i.sh | sh', [], ['shell/dynamic-script@1']],
  ])('%s', (_name, script, expectedPkgs, expectedRules) => {
    const x = shell(script);
    expect(pkgs(x)).toEqual(expectedPkgs);
    expect(rules(x)).toEqual(expectedRules);
  });

  it('keeps the expression and the reason in the finding data', () => {
    const [f] = shell('apt-get install -y $(cat list.txt)').findings;
    expect(f).toMatchObject({ rule: 'shell/unresolved-package-list', severity: 'warning', data: { manager: 'apt-get', expression: '$(cat list.txt)' } });
    expect(String(f!.data!.reason)).toContain('command substitution');
  });
});

describe('local .deb files, multiarch and other Debian-only commands', () => {
  it.each([
    ['apt-get install ./x.deb', 'apt-get install -y ./agnos-base.deb', ['agnos-base@1 local'], ['shell/local-deb-install@1']],
    ['Debian file name parts', 'apt install -y /tmp/libjson-c2_0.11-4ubuntu2.6_arm64.deb', ['libjson-c2:arm64=0.11-4ubuntu2.6@1 local'], ['shell/local-deb-install@1']],
    ['dpkg -i', 'dpkg -i --force-overwrite xy_1.0_amd64.deb', ['xy:amd64=1.0@1 local'], ['shell/local-deb-install@1']],
    ['dpkg --install with several', 'dpkg --install pa.deb pb.deb', ['pa@1 local', 'pb@1 local'], ['shell/local-deb-install@1', 'shell/local-deb-install@1']],
    ['dpkg -R directory', 'dpkg -R -i /tmp/debs', [], ['shell/local-deb-install@1']],
    ['dpkg query is not an install', 'dpkg -l | grep foo; dpkg-deb -x pa.deb out', [], ['shell/debian-tool@1', 'shell/debian-tool@1']],
    ['add-architecture', 'dpkg --add-architecture armhf', [], ['shell/add-architecture@1']],
    ['multiarch package', 'apt-get install -y libc6:armhf libc6:any', ['libc6:armhf@1', 'libc6:any@1'], ['shell/multiarch-package@1']],
    ['add-apt-repository', 'add-apt-repository -y ppa:deadsnakes/ppa', [], ['shell/add-apt-repository@1']],
    ['debconf-set-selections', 'echo "tzdata tzdata/Areas select Etc" | debconf-set-selections', [], ['shell/debconf-set-selections@1']],
    ['deb download', 'wget https://example.com/pool/x_1_arm64.deb -O /tmp/x_1_arm64.deb', [], ['shell/deb-download@1']],
    ['rootfs download', 'F=ubuntu-base-24.04.3-base-arm64.tar.gz\ncurl -o $F https://cdimage.ubuntu.com/ubuntu-base/$F', [], ['shell/debian-rootfs-download@1', 'shell/debian-rootfs-download@2']],
    ['alpine rootfs is fine', 'curl -O https://x.invalid/alpine-minirootfs-3.20.3-aarch64.tar.gz', [], []],
    ['build-dep', 'apt-get build-dep -y linux', [], ['shell/apt-build-dep@1']],
  ])('%s', (_name, script, expectedPkgs, expectedRules) => {
    const x = shell(script);
    expect(pkgs(x)).toEqual(expectedPkgs);
    expect(rules(x)).toEqual(expectedRules);
  });

  it('reports one apt-install finding per command with the package names', () => {
    const x = shell('apt-get install -y pa pb\napt install pc');
    expect(x.findings.map((f) => [f.rule, f.line, f.severity, f.data?.packages])).toEqual([
      ['shell/apt-install', 1, 'error', ['pa', 'pb']],
      ['shell/apt-install', 2, 'error', ['pc']],
    ]);
  });
});

describe('bad shell input', () => {
  it.each([
    ['empty', ''],
    ['only comments', '#!/bin/sh\n# nothing\n'],
    ['binary garbage', '\u0001\u0002\u00ff\u0000 if then fi ((( ]] $((('],
    ['unterminated quote', 'apt-get install -y "pa pb\n'],
    ['deep nesting', `${'bash -c "'.repeat(30)}apt-get install pa${'"'.repeat(30)}`],
  ])('%s does not throw', (_name, script) => {
    expect(() => shell(script)).not.toThrow();
  });

  it('reports a syntax error with its line and still reads the rest', () => {
    const x = shell('apt-get install -y pa\nif then fi ))\napt-get install -y pb');
    expect(rules(x)).toContain('shell/parse-error@2');
    expect(pkgs(x)).toContain('pa@1');
  });

  it('accepts pa backslash continuation at the end of the file, as bash does', () => {
    const x = shell('apt-get install -y \\\n  pa \\\n');
    expect(rules(x)).toEqual([]);
    expect(pkgs(x)).toEqual(['pa@2']);
  });
});

describe('known installers', () => {
  it('names the apt-fast installer from mappings/installers.json, and only it', () => {
    const [aptFast] = loadKnowledge().installers;
    const known = shell('bash -c "$(curl -sL https://git.io/vokNn)"').findings;
    const other = shell('bash -c "$(curl -sL https://x.invalid/i.sh)"').findings;
    expect(known.map((f) => [f.rule, f.line, f.data?.installer])).toEqual([['shell/dynamic-script', 1, aptFast!.name]]);
    expect(other.map((f) => [f.rule, f.line, f.data?.installer])).toEqual([['shell/dynamic-script', 1, null]]);
  });
});
