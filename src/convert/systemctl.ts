/**
 * One module turns a systemctl call on one unit into OpenRC, for the shell siblings
 * (generate/translate-shell.ts) and for the rc-update script (generate/openrc-files.ts) alike:
 * the forms are mappings/systemctl-openrc.tsv, the service is the one the unit converts to (an
 * instance of a shipped template is a link to its script), the runlevel the one its WantedBy=
 * implies, a getty instance a line of /etc/inittab (BusyBox init runs gettys).
 */
import { gettyLine } from '../knowledge/gettys.js';
import type { SystemdKnowledge } from '../systemd/knowledge.js';
import { dependencyName, openrcScriptName, serviceName } from './service.js';
import { sq } from './shell-quote.js';

export type SystemctlOpenrc =
  /** Commands to run, in order; `note` says what the rewrite could not keep. */
  | { kind: 'commands'; commands: string[]; service: string; note?: string }
  /** Nothing to run on Alpine, and nothing lost. `reason` is a clause about the unit, which callers name. */
  | { kind: 'nothing'; reason: string }
  /** No faithful form: a person decides. */
  | { kind: 'todo'; reason: string };

export interface SystemctlContext {
  knowledge: SystemdKnowledge;
  /** The repository ships this unit (or the template of this instance). */
  shipped: boolean;
  /** The runlevel a converted service belongs in (its unit's WantedBy=), or null for default. */
  runlevelOf: (service: string) => string | null;
}

const OFF = new Set(['disable', 'mask', 'unmask', 'stop']);

/** The verbs that have an OpenRC form (`daemon-reload` and the like are the caller's). */
export const systemctlVerbs = (k: SystemdKnowledge) => [...k.systemctl.keys()];

export function systemctlOpenrc(verb: string, unit: string, ctx: SystemctlContext): SystemctlOpenrc {
  const { knowledge, shipped } = ctx;
  const form = knowledge.systemctl.get(verb);
  if (!form) return { kind: 'todo', reason: `systemctl ${verb} has no OpenRC form here; use rc-service or rc-update` };
  if (unit.endsWith('.timer')) {
    return shipped || OFF.has(verb)
      ? { kind: 'nothing', reason: 'timers are installed as periodic scripts or crontab lines (see migrate openrc)' }
      : { kind: 'todo', reason: 'no OpenRC service: timers become periodic scripts (migrate openrc)' };
  }
  const getty = shipped ? null : gettyLine(unit);
  if (getty && (verb === 'enable' || verb === 'disable' || verb === 'mask')) {
    // BusyBox init respawns gettys from /etc/inittab: the unit's job is a line there.
    const tty = getty.split(':')[0]!;
    const command = verb === 'enable' ? `{ grep -q ${sq(`^${tty}:`)} /etc/inittab || echo ${sq(getty)} >> /etc/inittab; }` : `sed -i ${sq(`/^${tty}:/d`)} /etc/inittab`;
    return { kind: 'commands', commands: [command], service: tty, note: `an /etc/inittab line for ${tty}, as BusyBox init runs gettys (mappings/getty-units.tsv)` };
  }
  const instance = unit.includes('@') && !unit.includes('@.') ? unit.slice(unit.indexOf('@') + 1, unit.lastIndexOf('.')) : null;
  const name = shipped ? (unit.endsWith('.path') ? openrcScriptName(unit)! : `${serviceName(unit)}${instance ? `.${instance}` : ''}`) : (knowledge.targets.get(unit)?.openrc ?? null);
  if (!name && OFF.has(verb)) {
    const note = knowledge.targets.get(unit)?.note;
    return { kind: 'nothing', reason: `nothing to do on Alpine, which does not ship this unit${note ? ` (${note})` : ''}` };
  }
  const providers = !shipped && name ? knowledge.virtuals.get(name) : undefined;
  if (providers) return { kind: 'todo', reason: `OpenRC's ${name} is a virtual service; name the one that provides it (${providers.join(', ')})` };
  if (!name) {
    const d = dependencyName(unit, { knowledge, release: '', repoUnits: new Set() });
    return { kind: 'todo', reason: `a distribution unit with no known Alpine service${d.note ? ` (${d.note})` : d.name ? `; if an Alpine package provides ${d.name}, use rc-update ${OFF.has(verb) ? 'del' : 'add'} ${d.name}` : ''}` };
  }
  if (form.form === null) return { kind: 'nothing', reason: form.note || 'nothing to do on OpenRC' };
  const runlevel = (shipped ? ctx.runlevelOf(name) : null) ?? 'default';
  // An instance of a shipped template (getty@ttyS0) is a symlink to the template's script.
  const link = shipped && instance && verb === 'enable' ? [`[ -e /etc/init.d/${name} ] || ln -s ${serviceName(unit)} /etc/init.d/${name}`] : [];
  const command = form.form.replaceAll('NAME', sq(name)).replaceAll('RUNLEVEL', runlevel);
  return { kind: 'commands', commands: [...link, command], service: name, ...(form.note ? { note: form.note } : {}) };
}
