/**
 * The leads verify follows when a step misses a path: the messages of real shells (BusyBox ash,
 * bash) read back, and a lead covering a path only with evidence, or when nobody can see the package.
 */
import { describe, expect, it } from 'vitest';
import { disabledDebInstalls, disabledMessage } from '../../src/generate/todo-line.js';
import { explainMissing, missingPath, stoppedAt, type Lead } from '../../src/verify/missing-path.js';

describe('missingPath', () => {
  it.each([
    ["mv: can't rename '/data/persist': No such file or directory", '/data/persist'],
    ["/bin/sh: source: line 1: can't open '/usr/local/venv/bin/activate': No such file or directory", '/usr/local/venv/bin/activate'],
    ["cat: can't open '/etc/x.conf': No such file or directory", '/etc/x.conf'],
    ['ls: /opt/tool/venv: No such file or directory', '/opt/tool/venv'],
    ['/bin/bash: line 1: /opt/a/../b/run: No such file or directory', '/opt/b/run'],
    ['exit 1: make: *** No rule to make target', null],
    ["tar: can't open './x.tar.gz': No such file or directory", null],
  ])('%s', (output, path) => expect(missingPath(output)).toBe(path));
});

describe('stoppedAt', () => {
  it.each([
    ['/tmp/agnos/deps.sh: line 12: uv: command not found', { script: '/tmp/agnos/deps.sh', line: 12 }],
    ["/tmp/tools_alpine.sh: cd: line 6: can't cd to /opt/src: No such file or directory", { script: '/tmp/tools_alpine.sh', line: 6 }],
    ['/bin/sh: line 3: foo: not found', { script: '/bin/sh', line: 3 }],
    ['make: *** [all] Error 1', null],
  ])('%s', (output, at) => expect(stoppedAt(output)).toEqual(at));
});

describe('explainMissing', () => {
  const unrun: Lead = { kind: 'unrun', step: 9, script: '/tmp/deps.sh', from: 12, rest: 'uv venv $XDG_DATA_HOME/venv --seed\n' };
  const seen: Lead = { kind: 'disabled-deb', todo: 'hw.sh:5', deb: 'base.deb', payload: ['/usr/bin/tool', '/data/persist/config'] };
  const unseen: Lead = { kind: 'disabled-deb', todo: 'hw.sh:6', deb: 'lfs.deb', payload: null };

  it('puts a path the unrun rest names down to it, not one it only shares /usr/local with', () => {
    expect(explainMissing('/usr/local/venv/bin/activate', [unrun])?.cause).toBe('unrun');
    expect(explainMissing('/usr/local/lib/other.so', [unrun])).toBeNull();
    // `venv` inside a longer word (venv2, my-venv) is not the name.
    expect(explainMissing('/x/venv', [{ ...unrun, rest: 'mkdir my-venv venv2\n' }])).toBeNull();
  });

  it('puts a path a package installs, or a directory above one, down to its disabled install', () => {
    expect(explainMissing('/data/persist', [seen])).toEqual({ cause: 'disabled-deb', reason: '/data/persist comes from base.deb, whose install is disabled (TODO at hw.sh:5): repackage it and run verify again' });
    expect(explainMissing('/data/other', [seen])).toBeNull();
  });

  it('prefers evidence to a package nobody can see, and names every such package, latest first', () => {
    expect(explainMissing('/usr/bin/tool', [unseen, seen])?.reason).toMatch(/^\/usr\/bin\/tool comes from base\.deb/);
    const r = explainMissing('/data/other', [unseen, seen, { ...unseen, deb: 'second.deb', todo: 'hw.sh:7' }]);
    expect(r?.reason).toContain('so what it holds is unknown: second.deb (TODO at hw.sh:7), lfs.deb (TODO at hw.sh:6); fetch them');
  });
});

describe('TODO lines of disabled commands', () => {
  it('are read back with the .deb files the command names, by base name', () => {
    const text = [
      'cd /tmp/debs',
      `# TODO(migrate): ${disabledMessage('apt-get installs local .deb files', 'apt-get -o Dpkg::Options::="--force-overwrite" install -yq ./agnos-base.deb /tmp/x/wlan_0.3.deb')}`,
      ':',
      '# TODO(migrate): no Alpine form for this',
      `  # TODO(migrate): ${disabledMessage('sudo: no sudo group', 'addgroup comma sudo')}`,
    ].join('\n');
    expect(disabledDebInstalls(text)).toEqual([{ line: 2, debs: ['agnos-base.deb', 'wlan_0.3.deb'] }]);
  });
});
