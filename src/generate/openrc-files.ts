/**
 * The OpenRC siblings of a repository's systemd units (pure): one init script per service or path
 * unit, periodic scripts or crontab lines for timers, fstab lines for mounts, and an rc-update
 * script for the systemctl calls. All under one directory, by default `openrc/` beside the units.
 */
import { posix } from 'node:path';
import type { ProjectConversion } from '../convert/project.js';
import { systemctlOpenrc } from '../convert/systemctl.js';
import { commentSafe } from '../convert/shell-quote.js';
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
      const where = commentSafe(`${a.file}:${a.line}`);
      const r = systemctlOpenrc(a.action, a.unit, { knowledge, shipped: a.shipped === true, runlevelOf: (name) => runlevels.get(name) ?? null });
      const said = `${where}: systemctl ${a.action} ${a.unit}`;
      if (r.kind === 'commands') return { comment: `${said}${r.note ? `: ${r.note}` : ''}`, command: r.commands.join('\n') };
      return { comment: `${said}: ${r.kind === 'todo' ? 'TODO(migrate): ' : ''}${r.reason}`, command: '' };
    });
    const sources = [...new Set(result.serviceActions.map((a) => a.file))];
    files.push({ path: posix.join(dir, 'rc-update.sh'), sources, mode: 0o755, content: withHeader(sources, (header) => renderTextTemplate('rc-update.sh.hbs', { header, lines })) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
