/**
 * The one systemctl-to-OpenRC conversion, as the shell siblings and rc-update.sh both use it:
 * runlevels from WantedBy=, template instances as links, gettys as inittab lines, and a reason
 * for everything it will not run.
 */
import { describe, expect, it } from 'vitest';
import { systemctlOpenrc } from '../../src/convert/systemctl.js';
import { translateShell } from '../../src/generate/translate-shell.js';
import { generateOpenrcFiles } from '../../src/generate/openrc-files.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { loadSystemdKnowledge } from '../../src/systemd/knowledge.js';
import { PackageMap } from '../../src/db/lookup.js';
import { openDb } from '../../src/db/database.js';
import '../helpers.js';
import { convertProject } from '../../src/convert/project.js';
import { scan } from '../../src/scan/scanner.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const knowledge = loadSystemdKnowledge();
const runlevels = new Map([['save-logs', 'shutdown']]);
const ctx = (shipped: boolean) => ({ knowledge, shipped, runlevelOf: (n: string) => runlevels.get(n) ?? null });

describe('systemctlOpenrc', () => {
  it.each([
    ['enable', 'save-logs.service', true, { kind: 'commands', commands: ['rc-update add save-logs shutdown'], service: 'save-logs' }],
    ['enable', 'worker@gpu0.service', true, { kind: 'commands', commands: ['[ -e /etc/init.d/worker.gpu0 ] || ln -s worker /etc/init.d/worker.gpu0', 'rc-update add worker.gpu0 default'], service: 'worker.gpu0' }],
    ['enable', 'ssh-param-watcher.path', true, { kind: 'commands', commands: ['rc-update add ssh-param-watcher-watch default'], service: 'ssh-param-watcher-watch' }],
    ['mask', 'app.service', true, { kind: 'commands', commands: ['rc-update del app default || true'], service: 'app', note: 'OpenRC cannot mask; the service is only removed from its runlevel' }],
    ['unmask', 'app.service', true, { kind: 'nothing', reason: 'nothing to undo on OpenRC' }],
    ['enable', 'ssh.service', false, { kind: 'commands', commands: ['rc-update add sshd default'], service: 'sshd' }],
    ['disable', 'ubuntu-advantage.service', false, { kind: 'nothing', reason: 'nothing to do on Alpine, which does not ship this unit' }],
    ['enable', 'x.timer', true, { kind: 'nothing', reason: 'timers are installed as periodic scripts or crontab lines (see migrate openrc)' }],
    ['enable', 'serial-getty@ttyS0.service', false, { kind: 'commands', commands: ["{ grep -q '^ttyS0:' /etc/inittab || echo 'ttyS0::respawn:/sbin/getty -L 115200 ttyS0 vt100' >> /etc/inittab; }"], service: 'ttyS0', note: 'an /etc/inittab line for ttyS0, as BusyBox init runs gettys (mappings/getty-units.tsv)' }],
  ] as const)('%s %s (shipped: %s)', (verb, unit, shipped, answer) => {
    expect(systemctlOpenrc(verb, unit, ctx(shipped))).toEqual(answer);
  });

  it('gives the shell sibling and rc-update.sh the same commands, from a real scan and conversion', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'migrate-systemctl-'));
    mkdirSync(join(repo, 'units'));
    writeFileSync(join(repo, 'units/save-logs.service'), '[Service]\nType=oneshot\nExecStart=/usr/bin/true\n[Install]\nWantedBy=shutdown.target\n');
    writeFileSync(join(repo, 'units/worker@.service'), '[Service]\nExecStart=/usr/bin/worker %i\n[Install]\nWantedBy=multi-user.target\n');
    const script = 'systemctl enable save-logs worker@gpu0.service\n';
    writeFileSync(join(repo, 's.sh'), `#!/bin/sh\n${script}`);
    const result = await scan(repo, { release: '3.22' });
    const conv = convertProject(result, '3.22');
    const shell = translateShell(script, {
      knowledge: loadKnowledge(), map: new PackageMap(openDb('dist/default.db', { readonly: true })),
      shippedUnits: new Set(result.unitFiles.map((u) => u.unit)), runlevels: new Map(conv.services.map((x) => [x.name, x.runlevel])),
    }).text;
    const expected = ['rc-update add save-logs shutdown', '[ -e /etc/init.d/worker.gpu0 ] || ln -s worker /etc/init.d/worker.gpu0', 'rc-update add worker.gpu0 default'];
    expect(shell).toBe(`${expected.join(' && ')}\n`);
    const rcUpdate = generateOpenrcFiles(conv, result, 'openrc').find((f) => f.path.endsWith('rc-update.sh'))!;
    expect(rcUpdate.content.split('\n').filter((l) => l && !l.startsWith('#') && l !== 'set -e')).toEqual(expected);
  });
});
