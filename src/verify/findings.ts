/**
 * What a verify run found, as findings (pure): each failing step at its Dockerfile line, each step
 * verify could not judge (it ran stubs, or needs the build's own output), each
 * service not installed, not enabled or missing its command, and a /bin/sh that is not BusyBox.
 */
import { findingOf } from '../scan/rule-finding.js';
import { sortFindings, type Finding } from '../scan/result.js';
import { isFailing, type StepResult } from './run-build.js';
import * as rules from './rules.js';
import type { ServiceCheck } from './services.js';

/** `image`: the Dockerfile whose final root the checks read, and whether its /bin/sh is BusyBox. */
export function verifyFindings(steps: StepResult[], services: (ServiceCheck & { runlevel: string | null })[], image: { file: string; busybox: boolean } | null, unverified: Map<string, string[]> = new Map()): Finding[] {
  const out: Finding[] = [];
  for (const s of steps.filter(isFailing)) {
    const after = s.after !== undefined ? ` (after the unverified step at line ${s.after}, which it may follow from)` : '';
    out.push(findingOf(rules.stepFailed, { file: s.file, line: s.line, message: `${s.keyword} failed in stage ${s.stage}${after}: ${s.error}`, evidence: s.evidence, subject: s.evidence, data: { stage: s.stage, keyword: s.keyword, after: s.after ?? null } }));
  }
  for (const s of steps.filter((x) => x.unverified !== undefined)) {
    out.push(findingOf(rules.stepUnverified, { file: s.file, line: s.line, message: `${s.keyword} in stage ${s.stage} could not be verified: ${s.unverified}.`, evidence: s.evidence, subject: s.evidence, data: { stage: s.stage, keyword: s.keyword, error: s.error } }));
  }
  for (const c of services) {
    if (!c.installed) out.push(findingOf(rules.serviceNotInstalled, { file: c.file, line: null, message: `${c.file} is not installed in the image as /etc/init.d/${c.name}.`, subject: c.name, data: { service: c.name } }));
    if (c.enabled === false) out.push(findingOf(rules.serviceNotEnabled, { file: c.file, line: null, message: `The Ubuntu build enables ${c.name}, but the image does not: no /etc/runlevels/${c.runlevel}/${c.name}.`, subject: c.name, remediation: `rc-update add ${c.name} ${c.runlevel} in the Alpine build.`, data: { service: c.name, runlevel: c.runlevel } }));
    if (c.installed && c.commandPresent === false) out.push(findingOf(rules.commandMissing, { file: c.file, line: null, message: `${c.name} runs ${c.command}, which the image does not have.`, subject: c.name, data: { service: c.name, command: c.command } }));
  }
  for (const [name, subs] of unverified) {
    out.push(findingOf(rules.serviceUnverified, { file: image?.file ?? '', line: null, message: `rc-update add ${name}: verify cannot see the script; one of ${subs.join(', ')} may ship it.`, subject: name, data: { service: name, candidates: subs } }));
  }
  if (image && !image.busybox) out.push(findingOf(rules.shNotBusybox, { file: image.file, line: null, message: '/bin/sh is no longer BusyBox in the image.', subject: 'sh' }));
  return sortFindings(out);
}
