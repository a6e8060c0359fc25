/**
 * What the Alpine roots of a build need before their first step (pure): the packages of
 * mappings/alpine-base.tsv for the uses this repository has (a root filesystem, bash, timers, .path
 * watchers, OpenRC scripts) and the boot services of mappings/openrc-boot.tsv. Neither table holds a
 * package that makes /bin/sh other than BusyBox.
 */
import type { ProjectConversion } from '../convert/project.js';
import { mappingRows } from '../knowledge/tsv.js';
import type { ScanResult } from '../scan/result.js';
import type { AlpineBase } from './dockerfile.js';

type Use = 'rootfs' | 'bash' | 'timers' | 'paths' | 'services';

export function alpineBase(result: Pick<ScanResult, 'findings' | 'unitFiles'>, conv: ProjectConversion): AlpineBase {
  const packages = mappingRows('alpine-base.tsv').map(([pkg, when]) => ({ pkg: pkg!, when: when as Use }));
  const boot = mappingRows('openrc-boot.tsv').map(([service, runlevel, , when]) => ({ service: service!, runlevel: runlevel!, when: when! }));
  const uses = new Set<Use>(['rootfs', 'services']);
  if (result.findings.some((f) => f.rule === 'busybox/bash-script') || result.unitFiles.some((u) => u.entries.some((e) => e.key.startsWith('Exec') && /(^|[\s/@-])bash(\s|$)/.test(e.value)))) uses.add('bash');
  if (conv.timers.some((t) => t.periodic || t.cron)) uses.add('timers');
  // What the timers' commands need (logrotate for Debian's logrotate.service), beside crond.
  const timerPackages = [...new Set(conv.timers.flatMap((t) => t.packages))];
  if (conv.units.some((u) => u.name.type === 'path')) uses.add('paths');
  const pkgs = (...when: Use[]) => packages.filter((p) => uses.has(p.when) && when.includes(p.when)).map((p) => p.pkg);
  const services = (when: string) => (uses.has(when as Use) ? boot.filter((b) => b.when === when).map((b) => ({ service: b.service, runlevel: b.runlevel })) : []);
  return {
    rootfsPackages: [...pkgs('rootfs', 'bash', 'timers', 'paths'), ...timerPackages],
    rootfsServices: services('rootfs'),
    stagePackages: pkgs('bash'),
    serviceServices: services('timers'),
    servicePackages: [...pkgs('timers', 'paths'), ...timerPackages],
    openrcPackages: pkgs('services'),
  };
}
