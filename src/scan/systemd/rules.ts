import type { RuleMeta } from '../types.js';

export const unsupportedDirective = {
  id: 'systemd/unsupported-directive',
  severity: 'warning',
  confidence: 'high',
  description: 'A unit directive with no faithful OpenRC form (TTY*, sandboxing, sockets, ...); the generated script carries it as a comment.',
  remediation: 'Do what mappings/systemd-unsupported.tsv suggests for it, or accept the difference.',
} as const satisfies RuleMeta;

export const unknownDirective = {
  id: 'systemd/unknown-directive',
  severity: 'warning',
  confidence: 'medium',
  description: 'A unit directive the converter does not know; it was not carried over.',
  remediation: 'Port it by hand into the generated OpenRC script.',
} as const satisfies RuleMeta;

export const notifyReadiness = {
  id: 'systemd/notify-readiness',
  severity: 'warning',
  confidence: 'high',
  description: "Type=notify, but the target Alpine release's OpenRC has no sd_notify readiness (OpenRC 0.62, Alpine 3.22, adds it).",
  remediation: 'Services that depend on it may start too early; add a readiness check in start_post, or target Alpine 3.22.',
} as const satisfies RuleMeta;

export const unitParseError = {
  id: 'systemd/parse-error',
  severity: 'warning',
  confidence: 'high',
  description: 'A unit line systemd would not accept (no section, not Key=Value, a bad Exec line).',
  remediation: 'Fix the line; systemd ignores it too.',
} as const satisfies RuleMeta;

export const systemctlCall = {
  id: 'systemd/systemctl',
  severity: 'error',
  confidence: 'high',
  description: 'systemctl in a script: Alpine has no systemctl. enable/disable/mask are errors (the boot changes); start/stop/restart/daemon-reload/is-active warnings; disabling a distribution unit Alpine does not have is information.',
  remediation: 'Use rc-update add|del NAME RUNLEVEL for the boot and rc-service NAME start|stop|restart otherwise (migrate generate rewrites them).',
} as const satisfies RuleMeta;

export const distroUnit = {
  id: 'systemd/distro-unit',
  severity: 'info',
  confidence: 'medium',
  description: 'systemctl names a unit this repository does not ship: one of the distribution, to be replaced by an Alpine package service.',
  remediation: 'Install the Alpine package that provides the service and enable its OpenRC script, or drop the call.',
} as const satisfies RuleMeta;

export const timerApproximation = {
  id: 'systemd/timer-approximation',
  severity: 'info',
  confidence: 'high',
  description: 'A timer setting cron cannot express exactly (Persistent=, RandomizedDelaySec=, OnUnitActiveSec=, OnBootSec=).',
  remediation: 'Check the generated cron entry or boot service does what the timer meant.',
} as const satisfies RuleMeta;


export const installTarget = {
  id: 'systemd/install-target',
  severity: 'info',
  confidence: 'high',
  description: "[Install] WantedBy=/RequiredBy=: systemd's enablement; on OpenRC the unit's script is added to a runlevel (multi-user.target -> default).",
  remediation: 'Enable the OpenRC script with rc-update add NAME RUNLEVEL (migrate openrc and generate write it from this line).',
} as const satisfies RuleMeta;

export const targetDependency = {
  id: 'systemd/target-dependency',
  severity: 'info',
  confidence: 'high',
  description: 'After=/Before=/Wants=/Requires= on a systemd target OpenRC has no service for (multi-user.target, sysinit.target, basic.target): dropped, or a runlevel.',
  remediation: 'Nothing, if ordering by runlevel is enough (mappings/systemd-targets.tsv says what each target becomes); otherwise need/after a concrete OpenRC service.',
} as const satisfies RuleMeta;

export const execShell = {
  id: 'systemd/exec-shell',
  severity: 'info',
  confidence: 'high',
  description: 'An Exec line that runs bash (ExecStart=/bin/bash -c ...): Alpine has no bash unless it is installed; the script inside is checked as shell.',
  remediation: 'apk add bash (migrate generate installs it for such units), or make the line POSIX sh.',
} as const satisfies RuleMeta;

export const SYSTEMD_RULES: readonly RuleMeta[] = [unsupportedDirective, unknownDirective, notifyReadiness, unitParseError, systemctlCall, distroUnit, timerApproximation, installTarget, targetDependency, execShell];
