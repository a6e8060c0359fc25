/**
 * One systemd .service -> one OpenRC service script model (pure). Every directive is either
 * converted, or reported as a note that becomes a finding and a comment in the script.
 * OpenRC reference: service-script-guide.md and openrc-run(8); systemd: systemd.service(5),
 * systemd.exec(5), systemd.kill(5), systemd.unit(5).
 */
import type { RuleMeta } from '../scan/types.js';
import type { Severity } from '../scan/result.js';
import * as rules from '../scan/systemd/rules.js';
import { ExecSyntaxError, parseExec } from '../systemd/exec.js';
import { parseUnitName } from '../systemd/parse.js';
import { handles, hasFeature, unsupportedRow, type SystemdKnowledge } from '../systemd/knowledge.js';
import { all, isTrue, last, seconds, words, type Assignment, type Unit } from '../systemd/unit.js';
import { assign, assignEval, quoteCommand, quoteWord, sq, type Word } from './shell-quote.js';
import { expandWord } from './specifiers.js';

export interface Note {
  rule: RuleMeta;
  file: string;
  line: number;
  message: string;
  subject: string;
  severity?: Severity;
}

export interface OpenRcScript {
  /** Service name: the unit name without suffix (and instance for templates). */
  name: string;
  sources: string[];
  /** Shell-quoted. */
  description: string;
  comments: string[];
  assignments: string[];
  depend: string[];
  functions: { name: string; body: string[] }[];
  runlevel: string | null;
}

export interface ConvertContext {
  knowledge: SystemdKnowledge;
  release: string;
  /** Units shipped by the repository (full names), to tell own services from distro ones. */
  repoUnits: Set<string>;
}


const SUPERVISED_RESTARTS = new Set(['always', 'on-failure', 'on-abnormal', 'on-abort', 'on-watchdog', 'on-success']);

export function serviceName(unitName: string): string {
  return unitName.replace(/@?\.[a-z]+$/, '').replace(/@.*$/, '');
}

/**
 * The OpenRC script a shipped unit becomes: the service's name, and for a .path unit the watcher
 * service `NAME-watch` (the .service keeps NAME). Timers have none (periodic scripts or cron).
 */
export function openrcScriptName(unitName: string): string | null {
  if (unitName.endsWith('.timer')) return null;
  return unitName.endsWith('.path') ? `${serviceName(unitName)}-watch` : serviceName(unitName);
}

/** What an OpenRC dependency on a systemd unit becomes: a service name, or null for none. */
export function dependencyName(unit: string, ctx: ConvertContext): { name: string | null; note?: string } {
  const t = ctx.knowledge.targets.get(unit);
  if (t) return { name: t.openrc, note: t.note };
  if (unit.endsWith('.mount') || unit.endsWith('.automount')) return { name: 'localmount', note: 'mount units become fstab lines, mounted by localmount' };
  if (unit.endsWith('.target') || unit.endsWith('.socket') || unit.endsWith('.slice') || unit.endsWith('.device') || unit.endsWith('.path') || unit.endsWith('.timer')) {
    return { name: null, note: `${unit} has no OpenRC counterpart` };
  }
  return { name: serviceName(unit) };
}

/** What su runs: a shell that execs the words it is given as arguments, expanding nothing. */
const SU_EXEC = `-c 'exec "$0" "$@"'`;

export function convertService(unit: Unit, ctx: ConvertContext): { script: OpenRcScript; notes: Note[] } {
  const notes: Note[] = [];
  const comments: string[] = [];
  const assignments: string[] = [];
  const fns = new Map<string, string[]>();
  const fn = (name: string) => {
    let body = fns.get(name);
    if (!body) fns.set(name, (body = []));
    return body;
  };
  const note = (rule: RuleMeta, at: Assignment, key: string, message: string, severity?: Severity) => {
    notes.push({ rule, file: at.file, line: at.line, message: `${key}=${at.value}: ${message}`, subject: `${key}=${at.value}`, ...(severity ? { severity } : {}) });
    comments.push(`systemd: ${key}=${at.value} (${at.file}:${at.line}): ${message}`);
  };
  const user = last(unit, 'Service', 'User')?.value ?? null;
  const group = last(unit, 'Service', 'Group')?.value ?? null;
  const expand = (text: string, env = true) => expandWord(text, unit.name, { env, user });

  // Directives nobody handles: reported from the table, or as unknown.
  for (const [sectionKey, list] of unit.directives) {
    if (handles(ctx.knowledge, 'service', sectionKey) || list.length === 0) continue;
    if (sectionKey.startsWith('Service.Limit') && ctx.knowledge.limits.has(sectionKey.slice('Service.'.length))) continue;
    const row = unsupportedRow(ctx.knowledge, sectionKey);
    for (const at of list) {
      if (row) note(rules.unsupportedDirective, at, sectionKey.split('.')[1]!, `no faithful OpenRC form; ${row.remedy}`, row.severity);
      else note(rules.unknownDirective, at, sectionKey.split('.')[1]!, 'not converted; port it by hand');
    }
  }

  const execOf = (at: Assignment, key: string): { line: string; ignore: boolean; privileged: boolean } | null => {
    let cmd;
    try {
      cmd = parseExec(at.value);
    } catch (err) {
      note(rules.unitParseError, at, key, err instanceof ExecSyntaxError ? err.message : String(err));
      return null;
    }
    const words: Word[] = (cmd.argv0 ? [cmd.words[0]!, ...cmd.words.slice(2)] : cmd.words).map((w) => expand(w, !cmd.noSubstitution).word);
    return { line: quoteCommand(words), ignore: cmd.ignoreFailure, privileged: cmd.privileged !== null };
  };
  // The words go to su as arguments, quoted as this shell's words: a variable systemd would
  // substitute is expanded here (start_pre exported it), everything else stays literal, and the
  // inner shell only execs them ("$0" "$@"). Putting the line in double quotes for -c instead let
  // a word systemd keeps literal ('$(touch x)') run as root here.
  const asUser = (line: string) => (user ? `su -s /bin/sh ${sq(user)} ${SU_EXEC} ${line}` : line);
  // PermissionsStartOnly=yes (deprecated) runs everything but ExecStart as root.
  const rootHelpers = isTrue(last(unit, 'Service', 'PermissionsStartOnly')?.value);
  // systemd runs every Exec command as User= unless it has a + or ! prefix; OpenRC's
  // command_user only covers the daemon, so the others go through su.
  const addCommands = (fnName: string, key: string) => {
    for (const at of all(unit, 'Service', key)) {
      const e = execOf(at, key);
      if (!e) continue;
      const line = e.privileged || (rootHelpers && key !== 'ExecStart') ? e.line : asUser(e.line);
      fn(fnName).push(e.ignore ? `${line} || true` : `${line} || return 1`);
    }
  };

  const description = quoteWord(expand(last(unit, 'Unit', 'Description')?.value ?? unit.name.name, false).word);
  if (unit.name.template === 'template') {
    comments.push(`Template unit: make an instance with ln -s ${serviceName(unit.name.name)} /etc/init.d/${serviceName(unit.name.name)}.NAME (%i is then NAME).`);
  }
  for (const d of all(unit, 'Unit', 'Documentation')) comments.push(`Documentation: ${d.value}`);
  for (const d of all(unit, 'Unit', 'SourcePath')) comments.push(`systemd generated this unit from ${d.value}`);

  const type = last(unit, 'Service', 'Type')?.value ?? (all(unit, 'Service', 'BusName').length ? 'dbus' : 'simple');
  const restart = last(unit, 'Service', 'Restart');
  const supervised = restart !== undefined && SUPERVISED_RESTARTS.has(restart.value);
  const starts = all(unit, 'Service', 'ExecStart');
  /** A simple service that stays active when its command exits: run and stopped by hand (below). */
  const remain = isTrue(last(unit, 'Service', 'RemainAfterExit')?.value) && !supervised && ['simple', 'exec', 'idle'].includes(type);
  /** start() runs the commands itself (no command= for OpenRC to start as a daemon). */
  const ownStart = type === 'oneshot' || remain;

  // Environment: exported in start_pre so every start command sees it.
  for (const at of all(unit, 'Service', 'Environment')) {
    for (const pair of splitEnvironment(at.value)) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      fn('start_pre').push(`export ${pair.slice(0, eq)}=${quoteCommand([expand(pair.slice(eq + 1), false).word])}`);
    }
  }
  for (const at of all(unit, 'Service', 'EnvironmentFile')) {
    const optional = at.value.startsWith('-');
    const path = sq(at.value.replace(/^-/, ''));
    fn('start_pre').push(optional ? `if [ -r ${path} ]; then set -a; . ${path}; set +a; fi` : `set -a; . ${path} || return 1; set +a`);
  }
  for (const at of all(unit, 'Unit', 'ConditionPathExists')) {
    const negate = at.value.startsWith('!');
    const path = sq(at.value.replace(/^!/, ''));
    fn('start_pre').push(`if [ ${negate ? '' : '! '}-e ${path} ]; then ewarn ${sq(`${at.value}: condition not met`)}; return 1; fi`);
  }
  const dirs: [string, string][] = [['RuntimeDirectory', '/run'], ['StateDirectory', '/var/lib'], ['LogsDirectory', '/var/log'], ['CacheDirectory', '/var/cache'], ['ConfigurationDirectory', '/etc']];
  for (const [key, base] of dirs) {
    for (const { word } of words(unit, 'Service', key)) {
      const owner = user ? ` -o ${sq(`${user}${group ? `:${group}` : ''}`)}` : '';
      fn('start_pre').push(`checkpath -d -m 0755${owner} ${sq(`${base}/${word}`)}`);
    }
  }
  for (const at of all(unit, 'Service', 'ExecCondition')) {
    const e = execOf(at, 'ExecCondition');
    // systemd skips the unit when the condition fails; OpenRC can only fail the start.
    if (e) fn('start_pre').push(`if ! ${asUser(e.line)}; then ewarn ${sq(`condition not met: ${at.value}`)}; return 1; fi`);
  }
  addCommands('start_pre', 'ExecStartPre');

  if (type === 'oneshot') {
    comments.push('Type=oneshot: start() runs the ExecStart commands in order; OpenRC then keeps the service marked started.');
    if (!isTrue(last(unit, 'Service', 'RemainAfterExit')?.value) && starts.length) {
      comments.push('systemd would show this oneshot as inactive after it ran (no RemainAfterExit=yes); OpenRC shows it started.');
    }
    addCommands('start', 'ExecStart');
    addCommands('stop', 'ExecStop');
    if (!fns.has('stop') && starts.length) fn('stop').push('return 0');
  } else if (starts.length && remain) {
    // systemd starts the command, does not wait for it, and keeps the unit active when it exits.
    // OpenRC would call a daemon that exited "crashed" and fail to stop it: start() runs it in the
    // background without making it OpenRC's daemon, stop() runs ExecStop= and ends it if it still runs.
    comments.push(`RemainAfterExit=yes: start() runs the command in the background and the service stays started after it exits, as systemd keeps it active; stop() runs ExecStop= and stops the command only if it still runs.`);
    const e = execOf(starts.at(-1)!, 'ExecStart');
    if (starts.length > 1) note(rules.unsupportedDirective, starts[0]!, 'ExecStart', 'only one ExecStart is allowed for this Type; the last one is used');
    if (e) {
      fn('start').push('ebegin "Starting ${RC_SVCNAME}"', `${asUser(e.line)} >/dev/null 2>&1 &`, 'echo $! > "/run/${RC_SVCNAME}.pid"', 'eend 0');
      addCommands('stop', 'ExecStop');
      fn('stop').push('pid=$(cat "/run/${RC_SVCNAME}.pid" 2>/dev/null) || pid=', 'if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then', `\tstart-stop-daemon --stop --pidfile "/run/\${RC_SVCNAME}.pid" \${retry:+--retry "$retry"}`, 'fi', 'rm -f "/run/${RC_SVCNAME}.pid"');
    }
  } else if (starts.length) {
    const main = starts.at(-1)!;
    if (starts.length > 1) note(rules.unsupportedDirective, starts[0]!, 'ExecStart', 'only one ExecStart is allowed for this Type; the last one is used');
    let cmd;
    try {
      cmd = parseExec(main.value);
    } catch (err) {
      note(rules.unitParseError, main, 'ExecStart', (err as Error).message);
    }
    if (cmd) {
      const ws = cmd.words.map((w) => expand(w, !cmd.noSubstitution).word);
      const head = ws[0]!;
      const bare = head.length === 1 && 'lit' in head[0]! && !head[0].lit.includes('/') ? head[0].lit : null;
      if (bare) {
        // systemd looks a bare name up in its own fixed path (systemd.service(5), "Command lines");
        // OpenRC's start-stop-daemon wants the file: look it up when the script runs.
        comments.push(`ExecStart= names ${bare} without a path: command= is looked up in PATH when the service starts.`);
        assignments.push(`command="$(command -v ${sq(bare)})"`);
      } else assignments.push(assignEval('command', quoteCommand([head])));
      const args = cmd.argv0 ? ws.slice(2) : ws.slice(1);
      if (args.length) assignments.push(assignEval('command_args', quoteCommand(args)));
      if (cmd.privileged) note(rules.unsupportedDirective, main, 'ExecStart', `the ${cmd.privileged} prefix has no OpenRC form`);
    }
    const notifySupported = hasFeature(ctx.knowledge, ctx.release, 'notify_socket');
    if (type === 'notify') {
      if (notifySupported) {
        assignments.push('supervisor="supervise-daemon"', 'notify="socket:ready"');
        comments.push('Type=notify: supervise-daemon waits for READY=1 (OpenRC >= 0.62).');
      } else {
        note(rules.notifyReadiness, last(unit, 'Service', 'Type')!, 'Type', `OpenRC in Alpine ${ctx.release} has no sd_notify readiness; the service counts as started once launched`);
      }
    }
    if (type === 'forking') {
      const pid = last(unit, 'Service', 'PIDFile');
      if (pid) assignments.push(assign('pidfile', pid.value));
      else comments.push('Type=forking without PIDFile=: OpenRC will find the daemon by its command name.');
      if (supervised) note(rules.unsupportedDirective, restart!, 'Restart', 'supervise-daemon cannot supervise a daemon that forks; run it in the foreground to get respawning');
    } else if (!(type === 'notify' && notifySupported)) {
      if (supervised) assignments.push('supervisor="supervise-daemon"');
      else assignments.push('command_background="yes"', 'pidfile="/run/${RC_SVCNAME}.pid"');
    }
    if (type === 'dbus') comments.push('Type=dbus: the service counts as started once launched (no bus-name readiness).');
    addCommands('stop_pre', 'ExecStop');
    if (all(unit, 'Service', 'ExecStop').length) comments.push('ExecStop= runs in stop_pre, before OpenRC signals the daemon.');
    const reloads = all(unit, 'Service', 'ExecReload');
    if (reloads.length) {
      assignments.push('extra_started_commands="reload"');
      // The common `kill -HUP $MAINPID`: OpenRC knows the daemon, so let its tool send the signal.
      const killMain = reloads.length === 1 ? /^(?:\/bin\/|\/usr\/bin\/)?kill\s+(?:-s\s+)?-?(?:SIG)?([A-Z0-9]+)\s+\$\{?MAINPID\}?$/.exec(reloads[0]!.value.trim()) : null;
      if (killMain) {
        const sigName = killMain[1]!;
        fn('reload').push('ebegin "Reloading ${RC_SVCNAME}"');
        fn('reload').push(supervised ? `supervise-daemon "\${RC_SVCNAME}" --signal ${sigName}` : `start-stop-daemon --signal ${sigName} --pidfile "\${pidfile}"`);
        fn('reload').push('eend $?');
      } else {
        for (const at of reloads) if (at.value.includes('MAINPID')) note(rules.unsupportedDirective, at, 'ExecReload', '$MAINPID is not set by OpenRC; read the pid from the pidfile');
        addCommands('reload', 'ExecReload');
      }
    }
  }
  addCommands('start_post', 'ExecStartPost');
  addCommands('stop_post', 'ExecStopPost');

  if (user && !ownStart) assignments.push(assign('command_user', group ? `${user}:${group}` : user));
  const wd = last(unit, 'Service', 'WorkingDirectory');
  if (wd && !ownStart) assignments.push(assign('directory', wd.value.replace(/^-/, '').replace(/^~$/, '${HOME}')));
  else if (wd) fn('start').unshift(`cd ${sq(wd.value.replace(/^-/, ''))} || return 1`);

  if (supervised) {
    const rs = last(unit, 'Service', 'RestartSec');
    const secs = rs ? seconds(rs.value) : 0.1;
    if (rs && secs !== null) assignments.push(`respawn_delay=${Math.max(0, Math.round(secs))}`);
    const burst = last(unit, 'Service', 'StartLimitBurst') ?? last(unit, 'Unit', 'StartLimitBurst');
    const interval = last(unit, 'Service', 'StartLimitIntervalSec') ?? last(unit, 'Unit', 'StartLimitIntervalSec');
    assignments.push(`respawn_max=${burst ? Number.parseInt(burst.value, 10) || 0 : 0}`);
    const period = interval ? seconds(interval.value) : null;
    if (period !== null && Number.isFinite(period) && period > 0) assignments.push(`respawn_period=${Math.round(period)}`);
    if (restart && restart.value !== 'always') comments.push(`Restart=${restart.value}: supervise-daemon respawns whenever the daemon exits, whatever its exit status.`);
  }

  const ulimits: string[] = [];
  for (const [key, flag] of ctx.knowledge.limits) {
    const at = last(unit, 'Service', key);
    if (!at) continue;
    let v = at.value.split(':').at(-1)!.trim();
    // LimitNICE=-10 is a nice value; the rlimit ulimit -e takes is 20 - nice (systemd.exec(5)).
    if (key === 'LimitNICE' && /^[+-]\d+$/.test(v)) v = String(20 - Number(v));
    // Only what ulimit takes reaches the script: a number or infinity (sizes with units are not converted).
    if (!/^(\d+|infinity)$/.test(v)) {
      note(rules.unsupportedDirective, at, key, 'not a plain number or infinity; set the limit in rc_ulimit by hand');
      continue;
    }
    ulimits.push(`${flag} ${v === 'infinity' ? 'unlimited' : v}`);
  }
  for (const [sectionKey, list] of unit.directives) {
    if (sectionKey.startsWith('Service.Limit') && !ctx.knowledge.limits.has(sectionKey.slice('Service.'.length))) {
      for (const at of list) note(rules.unknownDirective, at, sectionKey.slice(8), 'no ulimit flag for this limit');
    }
  }
  if (ulimits.length) assignments.push(assign('rc_ulimit', ulimits.join(' ')));

  const nnp = last(unit, 'Service', 'NoNewPrivileges');
  if (nnp && isTrue(nnp.value)) {
    const ok = hasFeature(ctx.knowledge, ctx.release, supervised ? 'no_new_privs_supervised' : 'no_new_privs');
    if (ok) assignments.push('no_new_privs="yes"');
    else note(rules.unsupportedDirective, nnp, 'NoNewPrivileges', `OpenRC in Alpine ${ctx.release} cannot set no_new_privs${supervised ? ' under supervise-daemon (fixed in OpenRC 0.52)' : ''}`);
  }
  const caps: string[] = [];
  // A capability name is CAP_ and letters (capabilities(7)); anything else is dropped with a note.
  const capName = (w: string, at: Assignment, key: string) => {
    if (/^cap_[a-z_]+$/i.test(w)) return true;
    note(rules.unitParseError, at, key, `${w} is not a capability name; left out`);
    return false;
  };
  for (const { word, at } of words(unit, 'Service', 'AmbientCapabilities')) if (capName(word, at, 'AmbientCapabilities')) caps.push(`^${word.toLowerCase()}`);
  const bounding = all(unit, 'Service', 'CapabilityBoundingSet');
  for (const at of bounding) {
    if (at.value.startsWith('~')) {
      for (const w of at.value.slice(1).split(/\s+/).filter(Boolean)) if (capName(w, at, 'CapabilityBoundingSet')) caps.push(`!${w.toLowerCase()}`);
    } else note(rules.unsupportedDirective, at, 'CapabilityBoundingSet', 'a keep-only bounding set has no compact OpenRC form; list the capabilities to drop as !cap_x in capabilities=');
  }
  if (caps.length) {
    if (hasFeature(ctx.knowledge, ctx.release, 'capabilities')) assignments.push(assign('capabilities', caps.join(',')));
    else note(rules.unsupportedDirective, all(unit, 'Service', 'AmbientCapabilities')[0] ?? bounding[0]!, 'AmbientCapabilities', `OpenRC in Alpine ${ctx.release} has no capabilities=`);
  }

  const daemonArgs: string[] = [];
  // Integers in systemd's ranges (systemd.exec(5)), or a note: never NaN, never the text itself.
  for (const [key, flag, lo, hi] of [['Nice', '--nicelevel', -20, 19], ['OOMScoreAdjust', '--oom-score-adj', -1000, 1000]] as const) {
    const at = last(unit, 'Service', key);
    if (!at) continue;
    const n = /^[+-]?\d+$/.test(at.value.trim()) ? Number(at.value) : Number.NaN;
    if (Number.isInteger(n) && n >= lo && n <= hi) daemonArgs.push(`${flag} ${n}`);
    else note(rules.unitParseError, at, key, `not an integer from ${lo} to ${hi}; left out`);
  }
  if (daemonArgs.length && !ownStart) {
    assignments.push(assign(supervised ? 'supervise_daemon_args' : 'start_stop_daemon_args', daemonArgs.join(' ')));
  }

  const sig = last(unit, 'Service', 'KillSignal');
  const tstop = last(unit, 'Service', 'TimeoutStopSec') ?? last(unit, 'Service', 'TimeoutSec');
  if ((sig || tstop) && type === 'oneshot') {
    comments.push(`${sig ? `KillSignal=${sig.value} ` : ''}${tstop ? `TimeoutStopSec=${tstop.value} ` : ''}has no effect: a oneshot service has no daemon for OpenRC to signal.`);
  }
  if ((sig || tstop) && type !== 'oneshot') {
    // start-stop-daemon's --retry schedule takes signal names without the SIG prefix (TERM/30/KILL/5).
    let signal = (sig?.value ?? 'SIGTERM').trim().replace(/^SIG/, '');
    if (!/^([A-Z][A-Z0-9+]*|\d+)$/.test(signal)) {
      note(rules.unitParseError, sig!, 'KillSignal', 'not a signal name or number; SIGTERM is used');
      signal = 'TERM';
    }
    const t = tstop ? seconds(tstop.value) : 90;
    const timeout = t === null || !Number.isFinite(t) ? 90 : Math.max(1, Math.round(t));
    assignments.push(assign('retry', signal === 'KILL' ? `KILL/${timeout}` : `${signal}/${timeout}/KILL/5`));
  }

  for (const [key, varName] of [['StandardOutput', 'output_log'], ['StandardError', 'error_log']] as const) {
    const at = last(unit, 'Service', key);
    if (!at) continue;
    const m = /^(file|append|truncate):(.+)$/.exec(at.value);
    if (m) {
      assignments.push(assign(varName, m[2]!));
      if (m[1] !== 'append') comments.push(`${key}=${at.value}: OpenRC appends to ${m[2]} instead of truncating it.`);
    } else if (/^(journal|syslog|kmsg|journal\+console|syslog\+console)$/.test(at.value)) {
      const ok = !supervised || hasFeature(ctx.knowledge, ctx.release, 'output_logger_supervised');
      if (ok && type !== 'oneshot') assignments.push(`${varName === 'output_log' ? 'output_logger' : 'error_logger'}="logger -t \${RC_SVCNAME} -p daemon.${varName === 'output_log' ? 'info' : 'err'}"`);
      else note(rules.unsupportedDirective, at, key, `cannot send output to syslog with this OpenRC (Alpine ${ctx.release})`);
    } else if (!/^(null|inherit)$/.test(at.value)) {
      note(rules.unsupportedDirective, at, key, 'only file:, append:, null and journal/syslog convert');
    }
  }
  for (const key of ['TimeoutStartSec'] as const) {
    for (const at of all(unit, 'Service', key)) note(rules.unsupportedDirective, at, key, 'OpenRC has no start timeout', 'info');
  }

  const depend: string[] = [];
  /** The unit names a dependency list gives; a word that is no unit name is dropped with a note (it would reach depend() as shell). */
  const unitWords = (section: string, key: string) => words(unit, section, key).filter(({ word, at }) => {
    if (parseUnitName(word) && !word.includes('\\')) return true;
    note(rules.unitParseError, at, key, `${JSON.stringify(word.slice(0, 60))} is not a unit name this conversion carries (systemd's alphabet, no \\-escapes); dropped`);
    return false;
  });
  const addDep = (keyword: string, key: string, section = 'Unit') => {
    const names = new Set<string>();
    for (const { word } of unitWords(section, key)) {
      const d = dependencyName(word, ctx);
      if (d.name && d.name !== serviceName(unit.name.name)) names.add(d.name);
    }
    if (names.size) depend.push(`${keyword} ${[...names].join(' ')}`);
  };
  addDep('need', 'Requires');
  addDep('need', 'BindsTo');
  addDep('need', 'Requisite');
  const needs = new Set(depend.filter((d) => d.startsWith('need ')).flatMap((d) => d.slice(5).split(' ')));
  const wants = new Set(unitWords('Unit', 'Wants').map((w) => dependencyName(w.word, ctx).name).filter((n): n is string => !!n && !needs.has(n) && n !== 'net'));
  if (wants.size) depend.push(`want ${[...wants].join(' ')}`);
  addDep('after', 'After');
  addDep('before', 'Before');
  // Before= and After= the same unit is an ordering cycle systemd breaks by dropping a job;
  // OpenRC would report a dependency loop at every boot. After= is kept (start once it is up).
  const afterNames = new Set(depend.filter((d) => d.startsWith('after ')).flatMap((d) => d.slice(6).split(' ')));
  const beforeAt = depend.findIndex((d) => d.startsWith('before '));
  if (beforeAt >= 0) {
    const both = depend[beforeAt]!.slice(7).split(' ').filter((n) => afterNames.has(n));
    if (both.length) {
      const rest = depend[beforeAt]!.slice(7).split(' ').filter((n) => !afterNames.has(n));
      if (rest.length) depend[beforeAt] = `before ${rest.join(' ')}`;
      else depend.splice(beforeAt, 1);
      note(rules.unsupportedDirective, all(unit, 'Unit', 'Before')[0]!, 'Before', `${both.join(', ')} ${both.length > 1 ? 'are' : 'is'} also in After=: an ordering cycle; only after ${both.join(' ')} is kept`);
    }
  }
  // network-online.target is a need, even when only named in After= and Wants= (the common idiom).
  if (words(unit, 'Unit', 'Wants').some((w) => w.word === 'network-online.target') && !depend.some((d) => d.startsWith('need') && d.includes(' net'))) {
    depend.unshift('need net');
  }
  let runlevel: string | null = null;
  for (const { word } of [...words(unit, 'Install', 'WantedBy'), ...words(unit, 'Install', 'RequiredBy')]) {
    const t = ctx.knowledge.targets.get(word);
    runlevel = t?.runlevel ?? runlevel ?? 'default';
    if (t?.runlevel === 'shutdown') comments.push(`WantedBy=${word}: in the shutdown runlevel; ${t.note}.`);
  }

  const order = ['depend', 'start_pre', 'start', 'start_post', 'stop_pre', 'stop', 'stop_post', 'reload'];
  // ShellCheck reads the single-quoted "$0" "$@" of a su line as a mistake (SC2016); it is the point.
  const directive = (body: string[]) => body.flatMap((l) => (l.includes(SU_EXEC) ? ['# shellcheck disable=SC2016', l] : [l]));
  const functions = [...fns].filter(([, body]) => body.length).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([name, body]) => ({ name, body: directive(body) }));
  return {
    script: {
      name: serviceName(unit.name.name) + (unit.name.template === 'instance' ? `.${unit.name.instance}` : ''),
      sources: [unit.file, ...unit.dropIns].filter((f): f is string => f !== null),
      description,
      comments,
      assignments,
      depend,
      functions,
      runlevel,
    },
    notes,
  };
}

/** Environment= values: space-separated assignments, each optionally quoted. */
export function splitEnvironment(value: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return out;
}
