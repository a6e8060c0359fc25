import { describe, expect, it } from 'vitest';
import { ExecSyntaxError, parseExec } from '../../src/systemd/exec.js';
import { parseUnitFile, parseUnitName } from '../../src/systemd/parse.js';
import { all, mergeUnit, seconds } from '../../src/systemd/unit.js';

describe('unit file syntax (systemd.syntax(7))', () => {
  it('keeps repeated keys in order with their lines', () => {
    const p = parseUnitFile('[Service]\nExecStartPre=/a\n# c\n; c\nExecStartPre=/b\n\n[Install]\nWantedBy=x\n', 'u.service');
    expect(p.entries.map((e) => [e.section, e.key, e.value, e.line])).toEqual([
      ['Service', 'ExecStartPre', '/a', 2],
      ['Service', 'ExecStartPre', '/b', 5],
      ['Install', 'WantedBy', 'x', 8],
    ]);
  });

  it('joins backslash continuations, skipping comment lines inside them', () => {
    const p = parseUnitFile('[Service]\nExecStart=/bin/x \\\n  --a \\\n# note\n  --b\nUser=u\n', 'u.service');
    expect(p.entries.map((e) => [e.key, e.value.replace(/\s+/g, ' '), e.line])).toEqual([
      ['ExecStart', '/bin/x --a --b', 2],
      ['User', 'u', 6],
    ]);
  });

  it('trims whitespace around = and handles CRLF', () => {
    const p = parseUnitFile('[Unit]\r\nDescription = Hello world  \r\n', 'u.service');
    expect(p.entries[0]).toMatchObject({ key: 'Description', value: 'Hello world' });
  });

  it.each([
    ['assignment before a section', 'ExecStart=/bin/true\n[Service]\n', 1],
    ['malformed header', '[Service\n', 1],
    ['no equals sign', '[Service]\nNotAKeyValue\n', 2],
  ])('reports %s with its line', (_n, text, line) => {
    expect(parseUnitFile(text, 'u.service').problems.map((p) => p.line)).toEqual([line]);
  });

  it.each([
    ['foo.service', { prefix: 'foo', type: 'service', template: null, instance: null }],
    ['getty@.service', { prefix: 'getty', type: 'service', template: 'template', instance: null }],
    ['serial-getty@ttyMSM0.service', { prefix: 'serial-getty', type: 'service', template: 'instance', instance: 'ttyMSM0' }],
    ['logrotate-hourly.timer', { prefix: 'logrotate-hourly', type: 'timer', template: null, instance: null }],
  ])('names: %s', (name, expected) => {
    expect(parseUnitName(name)).toMatchObject(expected);
  });
  it('rejects a name with no unit suffix', () => expect(parseUnitName('foo.conf')).toBeNull());
});

describe('drop-ins merged over the unit', () => {
  const main = parseUnitFile('[Service]\nExecStartPre=/a\nExecStartPre=/b\nUser=one\nEnvironment=A=1\n', 'x.service');
  const d1 = parseUnitFile('[Service]\nUser=two\nEnvironment=B=2\n', 'x.service.d/20-b.conf');
  const d0 = parseUnitFile('[Service]\nExecStartPre=\nExecStartPre=/c\n', 'x.service.d/10-a.conf');
  const u = mergeUnit('x.service', main, [d1, d0])!;

  it('applies drop-ins in file-name order, an empty assignment resetting the list', () => {
    expect(all(u, 'Service', 'ExecStartPre').map((a) => [a.value, a.file])).toEqual([['/c', 'x.service.d/10-a.conf']]);
    expect(u.dropIns).toEqual(['x.service.d/10-a.conf', 'x.service.d/20-b.conf']);
  });
  it('takes the last value of a single-value key, and appends to lists', () => {
    expect(all(u, 'Service', 'User').at(-1)!.value).toBe('two');
    expect(all(u, 'Service', 'Environment').map((a) => a.value)).toEqual(['A=1', 'B=2']);
  });
});

describe('Exec lines (systemd.service(5))', () => {
  it.each([
    ['/bin/echo a b', { words: ['/bin/echo', 'a', 'b'], ignoreFailure: false }],
    ['-/bin/rm -f x', { words: ['/bin/rm', '-f', 'x'], ignoreFailure: true }],
    ['@/bin/sh myname -c x', { words: ['/bin/sh', 'myname', '-c', 'x'], argv0: true }],
    ['+/bin/true', { privileged: '+' }],
    ['!!/bin/true', { privileged: '!!' }],
    [':/bin/echo $X', { noSubstitution: true, words: ['/bin/echo', '$X'] }],
    ['/bin/sh -c "echo \\"hi\\" there"', { words: ['/bin/sh', '-c', 'echo "hi" there'] }],
    ["/bin/sh -c 'a b'", { words: ['/bin/sh', '-c', 'a b'] }],
    ['/bin/printf a\\tb\\x41', { words: ['/bin/printf', 'a\tbA'] }],
  ])('%s', (line, expected) => {
    expect(parseExec(line)).toMatchObject(expected);
  });
  it.each([['/bin/echo "open'], ['/bin/a ; /bin/b'], ['-']])('rejects %j', (line) => {
    expect(() => parseExec(line)).toThrow(ExecSyntaxError);
  });
});

describe('time spans', () => {
  it.each([
    ['5', 5],
    ['500ms', 0.5],
    ['1min 30s', 90],
    ['2h', 7200],
    ['infinity', Infinity],
    ['soon', null],
  ])('%s', (v, s) => expect(seconds(v)).toBe(s));
});
