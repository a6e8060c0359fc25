/**
 * The OpenRC siblings of a repository's systemd units (pure): one init script per service or path
 * unit, periodic scripts or crontab lines for timers, fstab lines for mounts, and an rc-update
 * script for the systemctl calls. All under one directory, by default `openrc/` beside the units.
 */
import { posix } from 'node:path';
import type { ProjectConversion } from '../convert/project.js';
import { dependencyName, openrcScriptName, serviceName } from '../convert/service.js';
import { sq } from '../convert/shell-quote.js';
import { renderTextTemplate } from '../report/render.js';
import type { ScanResult } from '../scan/result.js';
import { loadSystemdKnowledge } from '../systemd/knowledge.js';
import { withHeader, type GeneratedFile } from './header.js';
import { wireReferences, type Renames } from './wiring.js';

/** Default: `openrc/` beside the first unit file (in path order); `openrc/` at the top without units. */
export function defaultOpenrcDir(result: Pick<ScanResult, 'unitFiles'>): string {
  const first = result.unitFiles.filter((u) => !u.dropIn).map((u) => u.file).sort()[0];
  return first ? posix.join(posix.dirname(first), 'openrc') : 'openrc';
}

export function generateOpenrcFiles(conv: ProjectConversion, result: Pick<ScanResult, 'serviceActions' | 'unitFiles'>, dir: string, renames?: Renames): GeneratedFile[] {
  // An init script runs the Alpine sibling of a script that has one (command=, start_pre).
  const wire = (text: string) => (renames ? wireReferences(text, renames) : text);
  const files: GeneratedFile[] = [];
  const runlevels = new Map<string, string | null>();
  for (const s of conv.services) {
    runlevels.set(s.name, s.runlevel);
    files.push({
      path: posix.join(dir, 'init.d', s.name),
      sources: s.sources,
      mode: 0o755,
      content: withHeader(s.sources, (header) => wire(renderTextTemplate('openrc-service.hbs', { ...s, header }))),
    });
  }
  const cronEntries: { description: string; source: string; schedule: string; command: string; comments: string[] }[] = [];
  for (const t of conv.timers) {
    if (t.periodic) {
      files.push({
        path: posix.join(dir, 'periodic', t.periodic, t.name),
        sources: t.sources,
        mode: 0o755,
        content: withHeader(t.sources, (header) => wire(renderTextTemplate('periodic.sh.hbs', { header, description: t.description, interval: t.periodic, comments: t.comments, commands: t.commands }))),
      });
    } else if (t.cron) {
      cronEntries.push({ description: t.description, source: t.sources.join(', '), schedule: t.cron, command: t.commands.join(' && '), comments: t.comments });
    }
  }
  if (cronEntries.length) {
    const sources = conv.timers.filter((t) => t.cron).flatMap((t) => t.sources);
    files.push({ path: posix.join(dir, 'crontab'), sources, mode: 0o644, content: withHeader(sources, (header) => renderTextTemplate('crontab.hbs', { header, entries: cronEntries })) });
  }
  if (conv.fstab.length) {
    const sources = conv.fstab.map((f) => f.source);
    files.push({ path: posix.join(dir, 'fstab'), sources, mode: 0o644, content: withHeader(sources, (header) => renderTextTemplate('fstab.hbs', { header, lines: conv.fstab })) });
  }
  if (result.serviceActions.length) {
    const knowledge = loadSystemdKnowledge();
    const lines = result.serviceActions.map((a) => {
      const where = `${a.file}:${a.line}`;
      const unitType = a.unit.slice(a.unit.lastIndexOf('.') + 1);
      const name = serviceName(a.unit) + (a.unit.includes('@') && !a.unit.includes('@.') ? `.${a.unit.slice(a.unit.indexOf('@') + 1, a.unit.lastIndexOf('.'))}` : '');
      if (a.shipped && unitType === 'timer') return { comment: `${where}: systemctl ${a.action} ${a.unit}: timers are installed as periodic scripts or crontab lines (see periodic/ and crontab here)`, command: '' };
      const openrcName = a.shipped ? (unitType === 'path' ? openrcScriptName(a.unit)! : name) : (knowledge.targets.get(a.unit)?.openrc ?? null);
      const runlevel = (a.shipped ? runlevels.get(openrcName ?? '') : null) ?? 'default';
      if (!openrcName && (a.action === 'disable' || a.action === 'mask' || a.action === 'unmask')) {
        const note = knowledge.targets.get(a.unit)?.note;
        return { comment: `${where}: systemctl ${a.action} ${a.unit}: nothing to do on Alpine, which does not ship this unit${note ? ` (${note})` : ''}`, command: '' };
      }
      const providers = !a.shipped && openrcName ? knowledge.virtuals.get(openrcName) : undefined;
      if (providers) {
        return { comment: `${where}: systemctl ${a.action} ${a.unit}: TODO(migrate): OpenRC's ${openrcName} is a virtual service; use the one that provides it (${providers.join(', ')})`, command: '' };
      }
      if (!openrcName) {
        const d = dependencyName(a.unit, { knowledge, release: '', repoUnits: new Set() });
        return { comment: `${where}: systemctl ${a.action} ${a.unit}: TODO(migrate): a distribution unit with no known Alpine service${d.note ? ` (${d.note})` : `; if an Alpine package provides ${d.name}, use rc-update ${a.action === 'enable' ? 'add' : 'del'} ${d.name}`}`, command: '' };
      }
      // An instance of a shipped template (getty@ttyS0) is a symlink to the template's script.
      const link = a.shipped && name.includes('.') ? `[ -e /etc/init.d/${name} ] || ln -s ${serviceName(a.unit)} /etc/init.d/${name}\n` : '';
      switch (a.action) {
        case 'enable':
          return { comment: `${where}: systemctl enable ${a.unit}`, command: `${link}rc-update add ${sq(openrcName)} ${runlevel}` };
        case 'disable':
        case 'mask':
          return { comment: `${where}: systemctl ${a.action} ${a.unit}${a.action === 'mask' ? ' (OpenRC cannot mask; the service is only removed from its runlevel)' : ''}`, command: `rc-update del ${sq(openrcName)} ${runlevel} || true` };
        case 'unmask':
          return { comment: `${where}: systemctl unmask ${a.unit}: nothing to undo on OpenRC`, command: '' };
        default:
          return { comment: `${where}: systemctl ${a.action} ${a.unit}`, command: `rc-service ${sq(openrcName)} ${a.action}` };
      }
    });
    const sources = [...new Set(result.serviceActions.map((a) => a.file))];
    files.push({ path: posix.join(dir, 'rc-update.sh'), sources, mode: 0o755, content: withHeader(sources, (header) => renderTextTemplate('rc-update.sh.hbs', { header, lines })) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
