/**
 * .timer -> an Alpine periodic script (/etc/periodic/<interval>/) or a crontab line; .path -> a
 * watcher service; .mount -> an fstab line. Pure: models and notes only.
 */
import * as rules from '../scan/systemd/rules.js';
import type { RuleMeta } from '../scan/types.js';
import { parseExec } from '../systemd/exec.js';
import { handles, type SystemdKnowledge } from '../systemd/knowledge.js';
import { all, last, seconds, words, type Unit } from '../systemd/unit.js';
import type { ConvertContext, Note, OpenRcScript } from './service.js';
import { openrcScriptName, serviceName } from './service.js';
import { quoteCommand, sq } from './shell-quote.js';
import { expandWord } from './specifiers.js';

export interface TimerOutput {
  name: string;
  sources: string[];
  /** hourly, daily, weekly, monthly: a script for /etc/periodic/<interval>/; null for a crontab line. */
  periodic: string | null;
  cron: string | null;
  /** Shell commands the timer runs (the triggered service's ExecStart lines). */
  commands: string[];
  description: string;
  /** What cron cannot keep of the timer (Persistent=, RandomizedDelaySec=, ...), for the script's comments. */
  comments: string[];
  /** Alpine packages the commands need (a Debian package's service the timer runs: mappings/debian-units.tsv). */
  packages: string[];
}

const PERIODIC: Record<string, string> = { hourly: 'hourly', daily: 'daily', weekly: 'weekly', monthly: 'monthly' };

/** systemd calendar events cron can express: shorthands and `[DOW] *-*-* HH:MM[:00]` with lists and /steps. */
export function calendarToCron(spec: string): string | null {
  const s = spec.trim().toLowerCase();
  const shorthand: Record<string, string> = { minutely: '* * * * *', hourly: '0 * * * *', daily: '0 0 * * *', midnight: '0 0 * * *', weekly: '0 0 * * 1', monthly: '0 0 1 * *', yearly: '0 0 1 1 *', annually: '0 0 1 1 *' };
  if (shorthand[s]) return shorthand[s]!;
  const m = /^(?:((?:mon|tue|wed|thu|fri|sat|sun)(?:[,.]+(?:mon|tue|wed|thu|fri|sat|sun))*)\s+)?(?:(\*|\d{4})-([\d*,/]+)-([\d*,/]+)\s+)?([\d*,/]+):([\d*,/]+)(?::(0|00))?$/.exec(s);
  if (!m) return null;
  const [, dow, year, month, day, hour, minute] = m;
  if (year && year !== '*') return null;
  const field = (f: string | undefined) => {
    if (!f || f === '*') return '*';
    // systemd's a/b (start a, every b) is cron's a-max/b only from 0; keep */b and plain lists.
    if (/^\d+(,\d+)*$/.test(f)) return f.split(',').map((x) => String(Number(x))).join(',');
    const step = /^(\*|0+)\/(\d+)$/.exec(f);
    return step ? `*/${Number(step[2])}` : null;
  };
  const days: Record<string, string> = { mon: '1', tue: '2', wed: '3', thu: '4', fri: '5', sat: '6', sun: '0' };
  let dowField = '*';
  if (dow) {
    if (dow.includes('..')) {
      const [a, b] = dow.split('..');
      dowField = `${days[a!]}-${days[b!]}`;
    } else dowField = dow.split(',').map((d) => days[d]).join(',');
  }
  const parts = [field(minute), field(hour), field(day), field(month)];
  if (parts.some((p) => p === null)) return null;
  return `${parts[0]} ${parts[1]} ${parts[2]} ${parts[3]} ${dowField}`;
}

export function convertTimer(timer: Unit, service: Unit | undefined, ctx: ConvertContext): { out: TimerOutput | null; notes: Note[] } {
  const notes: Note[] = [];
  const note = (at: { file: string; line: number; value: string }, key: string, message: string, rule: RuleMeta = rules.timerApproximation) =>
    notes.push({ rule, file: at.file, line: at.line, message: `${key}=${at.value}: ${message}`, subject: `${key}=${at.value}` });
  const comments: string[] = [];
  const packages: string[] = [];
  const target = last(timer, 'Timer', 'Unit')?.value ?? timer.name.name.replace(/\.timer$/, '.service');
  const commands: string[] = [];
  if (service) {
    const user = last(service, 'Service', 'User')?.value ?? null;
    for (const key of ['ExecStartPre', 'ExecStart', 'ExecStartPost']) {
      for (const at of all(service, 'Service', key)) {
        try {
          const cmd = parseExec(at.value);
          const line = quoteCommand(cmd.words.map((w) => expandWord(w, service.name, { env: !cmd.noSubstitution, user }).word));
          commands.push(user ? `su -s /bin/sh ${sq(user)} -c ${sq(line)}` : line);
        } catch (err) {
          note(at, key, (err as Error).message, rules.unitParseError);
        }
      }
    }
  } else if (ctx.knowledge.debianUnits.has(target)) {
    // A service a Debian package ships (logrotate.service): its command, by name, from the table.
    const d = ctx.knowledge.debianUnits.get(target)!;
    commands.push(d.command);
    packages.push(d.alpine);
    comments.push(`${target} comes with Debian's ${d.debian} package: this runs what it runs (mappings/debian-units.tsv); on Alpine the command is in ${d.alpine}.`);
  } else {
    // Without Unit= the timer runs the service of its own name: report that implied value, at
    // the [Timer] section, rather than whatever directive happens to come first.
    const explicit = last(timer, 'Timer', 'Unit');
    const anchor = explicit ?? [...timer.directives.entries()].find(([k]) => k.startsWith('Timer.'))?.[1][0] ?? [...timer.directives.values()].flat()[0]!;
    // No placeholder that fails every hour: the timer gets no script until someone writes it.
    note({ file: anchor.file, line: anchor.line, value: target }, 'Unit', `${target}${explicit ? '' : ' (implied by the timer\'s name)'} is not in this repository, so what it runs is unknown; no periodic script or crontab line is written: add one that runs what ${target} runs`, rules.unsupportedDirective);
  }
  let periodic: string | null = null;
  let cron: string | null = null;
  const cal = all(timer, 'Timer', 'OnCalendar');
  for (const at of cal) {
    const p = PERIODIC[at.value.trim().toLowerCase()];
    if (p && cal.length === 1) periodic = p;
    else {
      const c = calendarToCron(at.value);
      if (c) cron = c;
      else note(at, 'OnCalendar', 'this calendar expression has no cron form; write the crontab line by hand', rules.unsupportedDirective);
    }
  }
  for (const key of ['OnUnitActiveSec', 'OnUnitInactiveSec', 'OnActiveSec']) {
    for (const at of all(timer, 'Timer', key)) {
      const s = seconds(at.value);
      const mins = s === null ? null : Math.round(s / 60);
      if (mins && mins >= 1 && mins < 60 && 60 % mins === 0) cron = cron ?? `*/${mins} * * * *`;
      else if (mins && mins >= 60 && mins % 60 === 0 && 24 % (mins / 60) === 0) cron = cron ?? `0 */${mins / 60} * * *`;
      else note(at, key, 'no cron interval matches; pick the nearest one by hand', rules.unsupportedDirective);
      note(at, key, `cron runs at fixed times, not ${at.value} after the last run`);
    }
  }
  for (const at of all(timer, 'Timer', 'OnBootSec')) note(at, 'OnBootSec', 'BusyBox crond has no @reboot; run it from a default-runlevel service (e.g. local.d) after a sleep', rules.unsupportedDirective);
  for (const at of all(timer, 'Timer', 'OnStartupSec')) note(at, 'OnStartupSec', 'no boot-relative timers in cron', rules.unsupportedDirective);
  for (const at of all(timer, 'Timer', 'Persistent')) note(at, 'Persistent', 'cron does not catch up runs missed while the machine was off');
  for (const key of ['RandomizedDelaySec', 'AccuracySec', 'WakeSystem']) for (const at of all(timer, 'Timer', key)) note(at, key, 'not kept: cron runs at the exact time');
  for (const [k, list] of timer.directives) if (!handles(ctx.knowledge, 'timer', k)) for (const at of list) note(at, k.split('.')[1]!, 'not converted; port it by hand', rules.unknownDirective);
  if ((!periodic && !cron) || !commands.length) return { out: null, notes };
  return {
    out: {
      name: serviceName(timer.name.name),
      sources: [timer.file, ...timer.dropIns].filter((f): f is string => !!f),
      periodic,
      cron,
      commands,
      description: last(timer, 'Unit', 'Description')?.value ?? timer.name.name,
      packages,
      comments: [...comments, ...notes.map((n) => `systemd: ${n.message} (${n.file}:${n.line})`)],
    },
    notes,
  };
}

/** A .path unit becomes a service that waits for changes with inotifywait (inotify-tools) and starts its unit. */
export function convertPath(path: Unit, ctx: ConvertContext): { script: OpenRcScript | null; notes: Note[] } {
  const notes: Note[] = [];
  const target = serviceName(last(path, 'Path', 'Unit')?.value ?? path.name.name.replace(/\.path$/, '.service'));
  const watches: string[] = [];
  const events: Record<string, string> = { PathModified: 'modify,close_write,attrib,create,delete,move', PathChanged: 'close_write,create,delete,move' };
  const existsChecks: string[] = [];
  for (const [key, list] of path.directives) {
    const k = key.split('.')[1]!;
    for (const at of list) {
      if (key.startsWith('Path.') && events[k]) watches.push(`inotifywait -qq -e ${events[k]} ${sq(at.value)}`);
      else if (key === 'Path.PathExists' || key === 'Path.PathExistsGlob') existsChecks.push(`[ -e ${sq(at.value)} ]`);
      else if (key === 'Path.DirectoryNotEmpty') existsChecks.push(`[ -n "$(ls -A ${sq(at.value)} 2>/dev/null)" ]`);
      else if (!handles(ctx.knowledge, 'path', key)) {
        notes.push({ rule: rules.unknownDirective, file: at.file, line: at.line, message: `${k}=${at.value}: not converted; port it by hand`, subject: `${k}=${at.value}` });
      }
    }
  }
  if (!watches.length && !existsChecks.length) return { script: null, notes };
  const loop = watches.length
    ? `while true; do ${watches.length === 1 ? watches[0] : `{ ${watches.join(' & ')}; wait; }`}; rc-service ${sq(target)} restart; done`
    : `until ${existsChecks.join(' || ')}; do sleep 2; done; rc-service ${sq(target)} start; sleep infinity`;
  void ctx;
  return {
    script: {
      name: openrcScriptName(path.name.name)!,
      sources: [path.file, ...path.dropIns].filter((f): f is string => !!f),
      description: sq(last(path, 'Unit', 'Description')?.value ?? `Starts ${target} when its watched paths change`),
      comments: [watches.length ? 'Needs inotifywait from the inotify-tools package.' : 'Polls every 2 seconds: BusyBox has no inotify wait for a path that does not exist yet.'],
      assignments: ['command="/bin/sh"', `command_args="-c ${sq(loop).replace(/[\\"$`]/g, (c) => `\\${c}`)}"`, 'supervisor="supervise-daemon"'],
      depend: [`before ${target}`],
      functions: [],
      runlevel: words(path, 'Install', 'WantedBy').length ? 'default' : null,
    },
    notes,
  };
}

/** A .mount unit becomes an fstab line (What Where Type Options 0 0). */
export function convertMount(mount: Unit, knowledge: SystemdKnowledge): { line: string | null; notes: Note[] } {
  const notes: Note[] = [];
  const what = last(mount, 'Mount', 'What');
  const where = last(mount, 'Mount', 'Where');
  if (!what || !where) return { line: null, notes };
  const type = last(mount, 'Mount', 'Type')?.value ?? 'auto';
  const options = last(mount, 'Mount', 'Options')?.value ?? 'defaults';
  for (const [key, list] of mount.directives) {
    if (handles(knowledge, 'mount', key)) continue;
    for (const at of list) notes.push({ rule: rules.unknownDirective, file: at.file, line: at.line, message: `${key.split('.')[1]}=${at.value}: not converted to fstab`, subject: `${key.split('.')[1]}=${at.value}` });
  }
  return { line: `${what.value}\t${where.value}\t${type}\t${options}\t0 0`, notes };
}
