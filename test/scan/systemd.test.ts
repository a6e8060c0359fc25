import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scanner.js';
import { rules, shell } from '../helpers.js';

describe('systemctl calls in scripts', () => {
  it.each([
    ['systemctl enable foo', [['enable', 'foo.service']]],
    ['systemctl --now enable a.service b.timer', [['enable', 'a.service'], ['enable', 'b.timer']]],
    ['sudo systemctl disable apt-daily.timer', [['disable', 'apt-daily.timer']]],
    ['systemctl mask systemd-resolved', [['mask', 'systemd-resolved.service']]],
    ['systemctl daemon-reload', []],
    ['systemctl is-enabled foo', []],
  ])('%s', (script, actions) => {
    const x = shell(script);
    expect(x.serviceActions.map((a) => [a.action, a.unit])).toEqual(actions);
    // Every call is a finding (one per unit named), whatever the verb: Alpine has no systemctl.
    expect(rules(x).filter((r) => r.startsWith('systemd/'))).toEqual((actions.length ? actions : [null]).map(() => 'systemd/systemctl@1'));
  });
});

describe('units in a scanned repository', () => {
  it('extracts units and drop-ins, links systemctl calls, and reports what does not convert', async () => {
    const r = await scan('test/fixtures/units/repo', { release: '3.20' }); // an OpenRC without notify readiness
    expect(r.unitFiles.filter((u) => u.dropIn).map((u) => [u.file, u.unit])).toEqual([
      ['lib/systemd/system/getty@.service.d/override.conf', 'getty@.service'],
      ['lib/systemd/system/web.service.d/10-limits.conf', 'web.service'],
    ]);
    expect(r.serviceActions.map((a) => [a.unit, a.shipped])).toEqual([
      ['web.service', true],
      ['getty@ttyS0.service', true],
      ['cleanup.timer', true],
      ['config-watch.path', true],
      ['avahi-daemon.service', false],
      ['apt-daily.timer', false],
      ['systemd-resolved.service', false],
    ]);
    const at = (rule: string) => r.findings.filter((f) => f.rule === rule).map((f) => `${f.file.split('/').pop()}:${f.line}`);
    expect(at('systemd/distro-unit')).toEqual(['services.sh:5', 'services.sh:6', 'services.sh:7']);
    expect(at('systemd/parse-error')).toEqual(['broken.service:1', 'broken.service:2', 'broken.service:4', 'broken.service:5']);
    expect(at('systemd/notify-readiness')).toEqual(['notifier.service:2']);
    expect(at('systemd/timer-approximation')).toEqual(['cleanup.timer:6']);
    expect(at('systemd/unsupported-directive')).toEqual(['app.socket:2', 'getty@.service:8', 'getty@.service:9', 'web.service:35', 'web.service:36']);
  });

  it('knows notify readiness is fine for Alpine 3.22', async () => {
    const r = await scan('test/fixtures/units/repo', { release: '3.22' });
    expect(r.findings.filter((f) => f.rule === 'systemd/notify-readiness')).toEqual([]);
  });
});
