import { describe, expect, it } from 'vitest';
import { convertProject } from '../../src/convert/project.js';
import { convertService } from '../../src/convert/service.js';
import { calendarToCron } from '../../src/convert/timer-path-mount.js';
import { loadSystemdKnowledge } from '../../src/systemd/knowledge.js';
import { parseUnitFile } from '../../src/systemd/parse.js';
import { mergeUnit } from '../../src/systemd/unit.js';
import { dedent } from '../helpers.js';

function convert(text: string, release = '3.20', name = 'x.service') {
  const unit = mergeUnit(name, parseUnitFile(dedent(text), name), [])!;
  return convertService(unit, { knowledge: loadSystemdKnowledge(), release, repoUnits: new Set([name]) });
}

describe('service -> OpenRC', () => {
  it.each([
    ['simple, no restart: background with a pidfile', '[Service]\nExecStart=/usr/bin/d -f', ['command="/usr/bin/d"', 'command_args="-f"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"']],
    ['restart: supervise-daemon with respawn settings', '[Service]\nExecStart=/usr/bin/d\nRestart=always\nRestartSec=3\nStartLimitBurst=4', ['command="/usr/bin/d"', 'supervisor="supervise-daemon"', 'respawn_delay=3', 'respawn_max=4']],
    ['forking with PIDFile', '[Service]\nType=forking\nPIDFile=/run/d.pid\nExecStart=/usr/sbin/d', ['command="/usr/sbin/d"', 'pidfile="/run/d.pid"']],
    ['user, group, directory', '[Service]\nExecStart=/bin/d\nUser=u\nGroup=g\nWorkingDirectory=/srv', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', 'command_user="u:g"', 'directory="/srv"']],
    ['limits, LimitNICE as a nice value', '[Service]\nExecStart=/bin/d\nLimitNOFILE=4096\nLimitNICE=-10\nLimitCORE=infinity', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', "rc_ulimit='-c unlimited -n 4096 -e 30'"]],
    ['kill signal and stop timeout', '[Service]\nExecStart=/bin/d\nKillSignal=SIGINT\nTimeoutStopSec=1min', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', 'retry="INT/60/KILL/5"']],
    ['output files', '[Service]\nExecStart=/bin/d\nStandardOutput=append:/var/log/d.log\nStandardError=file:/var/log/d.err', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', 'output_log="/var/log/d.log"', 'error_log="/var/log/d.err"']],
    ['values outside their syntax are left out, never evaluated', '[Service]\nExecStart=/bin/d\nLimitNOFILE=$(reboot)\nNice=$(reboot)\nOOMScoreAdjust=5000\nKillSignal=$(reboot)\nAmbientCapabilities=CAP_X;reboot', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', 'retry="TERM/90/KILL/5"']],
    ['capabilities', '[Service]\nExecStart=/bin/d\nAmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN\nCapabilityBoundingSet=~CAP_SYS_ADMIN', ['command="/bin/d"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"', "capabilities='^cap_net_raw,^cap_net_admin,!cap_sys_admin'"]],
  ])('%s', (_n, text, assignments) => {
    expect(convert(text).script.assignments).toEqual(assignments);
  });

  it.each([
    ['a bare command name is looked up when the service starts', '[Service]\nExecStart=sleep 5', ['command="$(command -v sleep)"', 'command_args="5"', 'command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"']],
    ['RemainAfterExit=yes: no command= for OpenRC to treat as a daemon', '[Service]\nRemainAfterExit=yes\nExecStart=/bin/d start\nKillSignal=SIGKILL', ['retry="KILL/90"']],
  ])('%s', (_n, text, assignments) => {
    expect(convert(text).script.assignments).toEqual(assignments);
  });

  it('RemainAfterExit=yes: start() runs the command in the background, stop() runs ExecStop= and ends it only if it runs', () => {
    const { script } = convert('[Service]\nRemainAfterExit=true\nExecStart=/usr/comma/lte/lte.sh start\nExecStop=/usr/comma/lte/lte.sh stop');
    expect(script.functions.map((f) => [f.name, f.body[0], f.body.length])).toEqual([['start', 'ebegin "Starting ${RC_SVCNAME}"', 4], ['stop', '/usr/comma/lte/lte.sh stop || return 1', 6]]);
    expect(script.functions[0]!.body[1]).toBe('/usr/comma/lte/lte.sh start >/dev/null 2>&1 &');
  });

  it('Before= and After= the same unit: the cycle is broken, After= kept, with a note', () => {
    const { script, notes } = convert('[Unit]\nAfter=a.service b.service\nBefore=a.service c.service\n[Service]\nExecStart=/bin/d');
    expect(script.depend).toEqual(['after a b', 'before c']);
    expect(notes.map((n) => [n.rule.id, n.line, n.subject])).toEqual([['systemd/unsupported-directive', 3, 'Before=a.service c.service']]);
  });

  it.each([['reboot.target', 'shutdown'], ['shutdown.target', 'shutdown'], ['poweroff.target', 'shutdown'], ['multi-user.target', 'default']])('WantedBy=%s goes into the %s runlevel', (target, runlevel) => {
    const { script } = convert(`[Service]\nType=oneshot\nExecStart=/bin/save\n[Install]\nWantedBy=${target}`);
    expect(script.runlevel).toBe(runlevel);
    expect(script.comments.some((c) => c.startsWith(`WantedBy=${target}: in the shutdown runlevel`))).toBe(runlevel === 'shutdown');
  });

  it('maps dependencies and well-known targets', () => {
    const { script } = convert('[Unit]\nAfter=network-online.target local-fs.target gpio.service\nWants=network-online.target\nRequires=dbus.service\nBefore=weston.service\n[Service]\nExecStart=/bin/d\n[Install]\nWantedBy=multi-user.target');
    expect(script.depend).toEqual(['need net', 'need dbus', 'after net localmount gpio', 'before weston']);
    expect(script.runlevel).toBe('default');
  });

  it('turns ExecStartPre/Post/StopPost into functions, - prefixes into || true, User= into su', () => {
    const { script } = convert("[Service]\nUser=app\nExecStartPre=-/bin/mkdir -p /run/a\nExecStartPre=/bin/check 'a b'\nExecStart=/bin/d\nExecStopPost=/bin/cleanup");
    const su = `su -s /bin/sh app -c 'exec "$0" "$@"'`;
    const sc = '# shellcheck disable=SC2016';
    expect(script.functions).toEqual([
      { name: 'start_pre', body: [sc, `${su} /bin/mkdir -p /run/a || true`, sc, `${su} /bin/check 'a b' || return 1`] },
      { name: 'stop_post', body: [sc, `${su} /bin/cleanup || return 1`] },
    ]);
  });

  it('keeps literal what systemd keeps literal: no word of an Exec line or a dependency list reaches the shell as code', () => {
    const { script, notes } = convert("[Unit]\nAfter=network.target $(touch /tmp/x) a;b.service\n[Service]\nUser=app\nEnvironment=GREETING=hi\nExecStartPre=/bin/echo '$(touch /tmp/x)' \"`id`\" $GREETING\nExecStart=/bin/d");
    expect(script.depend).toEqual(['after net']);
    expect(notes.filter((n) => n.rule.id === 'systemd/parse-error').map((n) => n.message.replace(/ is not a unit name.*/, ''))).toEqual(['After=network.target $(touch /tmp/x) a;b.service: "$(touch"', 'After=network.target $(touch /tmp/x) a;b.service: "/tmp/x)"', 'After=network.target $(touch /tmp/x) a;b.service: "a;b.service"']);
    // The variable systemd substitutes is expanded by this shell (unbraced: split into words, as
    // systemd splits $VAR); the rest are single-quoted words.
    expect(script.functions.find((f) => f.name === 'start_pre')!.body.at(-1)).toBe(`su -s /bin/sh app -c 'exec "$0" "$@"' /bin/echo '$(touch /tmp/x)' '\`id\`' $GREETING || return 1`);
  });

  it('runs a oneshot in start()', () => {
    const { script } = convert('[Service]\nType=oneshot\nExecStart=/bin/a\nExecStart=/bin/b');
    expect(script.assignments).toEqual([]);
    expect(script.functions.find((f) => f.name === 'start')!.body).toEqual(['/bin/a || return 1', '/bin/b || return 1']);
  });

  it('a keep-only bounding set is reported; a bad name in a drop list is a parse error of its own', () => {
    const keep = convert('[Service]\nExecStart=/bin/d\nCapabilityBoundingSet=CAP_NET_RAW', '3.22');
    expect(keep.notes.map((n) => [n.rule.id, n.line])).toEqual([['systemd/unsupported-directive', 3]]);
    const drop = convert('[Service]\nExecStart=/bin/d\nCapabilityBoundingSet=~CAP_SYS_ADMIN $(reboot)', '3.22');
    expect(drop.notes.map((n) => [n.rule.id, n.line])).toEqual([['systemd/parse-error', 3]]);
    expect(drop.script.assignments).toContain("capabilities='!cap_sys_admin'");
  });

  it('uses notify readiness only where OpenRC has it', () => {
    const old = convert('[Service]\nType=notify\nExecStart=/bin/d', '3.20');
    expect(old.notes.map((n) => [n.rule.id, n.line])).toEqual([['systemd/notify-readiness', 2]]);
    const fresh = convert('[Service]\nType=notify\nExecStart=/bin/d', '3.22');
    expect(fresh.notes).toEqual([]);
    expect(fresh.script.assignments).toContain('notify="socket:ready"');
  });

  it('reports every directive it cannot carry, with its line, and comments it in the script', () => {
    const r = convert('[Unit]\nConflicts=getty@tty1.service\n[Service]\nExecStart=/bin/d\nTTYPath=/dev/tty1\nProtectSystem=strict\nFrobnicate=yes\nSockets=x.socket');
    expect(r.notes.map((n) => [n.rule.id, n.line, n.severity ?? n.rule.severity])).toEqual([
      ['systemd/unsupported-directive', 2, 'warning'],
      ['systemd/unsupported-directive', 5, 'warning'],
      ['systemd/unsupported-directive', 6, 'warning'],
      ['systemd/unknown-directive', 7, 'warning'],
      ['systemd/unsupported-directive', 8, 'error'],
    ]);
    expect(r.script.comments.filter((c) => c.startsWith('systemd:'))).toHaveLength(5);
  });

  it('expands specifiers of a template into the OpenRC instance', () => {
    const unit = mergeUnit('getty@.service', parseUnitFile('[Service]\nExecStart=/sbin/agetty %I 115200\n', 'getty@.service'), [])!;
    const { script } = convertService(unit, { knowledge: loadSystemdKnowledge(), release: '3.20', repoUnits: new Set() });
    expect(script.assignments).toContain('command_args="\\"\\${RC_SVCNAME#*.}\\" 115200"');
  });

  it('converts kill -HUP $MAINPID reloads to the daemon tool', () => {
    const { script } = convert('[Service]\nExecStart=/bin/d\nRestart=always\nExecReload=/bin/kill -HUP $MAINPID');
    expect(script.functions.find((f) => f.name === 'reload')!.body).toContain('supervise-daemon "${RC_SVCNAME}" --signal HUP');
  });
});

describe('timers', () => {
  it.each([
    ['hourly', '0 * * * *'],
    ['daily', '0 0 * * *'],
    ['*-*-* 04:30:00', '30 4 * * *'],
    ['Mon..Fri *-*-* 09:00', '0 9 * * 1-5'],
    ['Sat,Sun 10:15', '15 10 * * 6,0'],
    ['*:0/15', '*/15 * * * *'],
    ['2025-01-01 00:00:00', null],
    ['*-*-* *:*:30', null],
  ])('OnCalendar=%s -> %s', (spec, cron) => {
    expect(calendarToCron(spec)).toBe(cron);
  });
});

describe('timers of services the repository does not ship', () => {
  const file = (f: string, text: string) => ({ file: f, unit: f, dropIn: false, entries: parseUnitFile(text, f).entries });
  const timers = (text: string) => convertProject({ unitFiles: [file('t.timer', text)] }, '3.22').timers;
  it('runs what a Debian package\'s service runs (mappings/debian-units.tsv), and needs its Alpine package', () => {
    const [t] = timers('[Timer]\nUnit=logrotate.service\nOnCalendar=hourly\nPersistent=true\n');
    expect([t?.periodic, t?.commands, t?.packages]).toEqual(['hourly', ['logrotate /etc/logrotate.conf'], ['logrotate']]);
    expect(t?.comments.at(-1)).toMatch(/^systemd: Persistent=true: cron does not catch up/);
  });
  it('writes nothing for a service nobody knows, rather than a script that fails each run', () => {
    expect(timers('[Timer]\nUnit=vendor-sync.service\nOnCalendar=daily\n')).toEqual([]);
  });
});

describe('a whole repository', () => {
  it('converts services, timers, paths and mounts from parsed facts', () => {
    const file = (f: string, unit: string, text: string, dropIn = false) => ({ file: f, unit, dropIn, entries: parseUnitFile(text, f).entries });
    const conv = convertProject(
      {
        unitFiles: [
          file('a.service', 'a.service', '[Service]\nExecStart=/bin/a\n[Install]\nWantedBy=multi-user.target\n'),
          file('a.service.d/x.conf', 'a.service', '[Service]\nUser=nobody\n', true),
          file('job.timer', 'job.timer', '[Timer]\nOnCalendar=weekly\n'),
          file('job.service', 'job.service', '[Service]\nType=oneshot\nExecStart=/bin/job\n'),
          file('w.path', 'w.path', '[Path]\nPathChanged=/etc/w\nUnit=a.service\n'),
          file('data.mount', 'data.mount', '[Mount]\nWhat=/dev/sda1\nWhere=/data\nType=ext4\n'),
          file('ssh.service.d/override.conf', 'ssh.service', '[Service]\nExecStartPre=/bin/true\n', true),
        ],
      },
      '3.20',
    );
    expect(conv.services.map((s) => s.name)).toEqual(['a', 'w-watch']);
    expect(conv.services[0]!.assignments).toContain('command_user="nobody"');
    expect(conv.timers.map((t) => [t.name, t.periodic, t.commands])).toEqual([['job', 'weekly', ['/bin/job']]]);
    expect(conv.fstab.map((f) => f.line)).toEqual(['/dev/sda1\t/data\text4\tdefaults\t0 0']);
  });

  it('reports the service a timer implies, at its [Timer] section, when that service is missing', () => {
    const file = (f: string, text: string) => ({ file: f, unit: f, dropIn: false, entries: parseUnitFile(text, f).entries });
    const conv = convertProject({ unitFiles: [file('gone.timer', '[Unit]\nDescription=Hourly\n\n[Timer]\nOnCalendar=hourly\n')] }, '3.20');
    const missing = conv.notes.filter((n) => n.rule.id === 'systemd/unsupported-directive');
    expect(missing.map((n) => [n.file, n.line, n.subject])).toEqual([['gone.timer', 5, 'Unit=gone.service']]);
  });
});

describe('OpenRC of a release', () => {
  it('gives edge the newest listed OpenRC, not the oldest', async () => {
    const { openrcVersion } = await import('../../src/systemd/knowledge.js');
    const k = loadSystemdKnowledge();
    const newest = [...k.releases].sort((a, b) => a.release.localeCompare(b.release, 'en', { numeric: true })).at(-1)!;
    expect(openrcVersion(k, 'edge')).toBe(newest.openrc);
    expect(openrcVersion(k, '3.20')).not.toBe(newest.openrc);
  });
});
