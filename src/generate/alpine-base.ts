/**
 * What the Alpine roots of a build need before their first step (pure): OpenRC and the boot
 * services of mappings/openrc-boot.tsv for a root filesystem build, bash while a script or unit
 * still needs it, crond for periodic scripts, inotify-tools for .path watchers. Never anything
 * that makes /bin/sh other than BusyBox.
 */
import type { ProjectConversion } from '../convert/project.js';
import { mappingRows } from '../knowledge/tsv.js';
import type { BuildPlan } from '../plan/build-plan.js';
import type { ScanResult } from '../scan/result.js';
import type { AlpineBase } from './dockerfile.js';

export function alpineBase(result: Pick<ScanResult, 'findings' | 'unitFiles'>, conv: ProjectConversion): AlpineBase {
  const boot = mappingRows('openrc-boot.tsv').map(([service, runlevel, pkg, when]) => ({ service: service!, runlevel: runlevel!, pkg: pkg!, when: when! }));
  const bashScripts = result.findings.some((f) => f.rule === 'busybox/bash-script');
  const bashUnits = result.unitFiles.some((u) => u.entries.some((e) => e.key.startsWith('Exec') && /(^|[\s/@-])bash(\s|$)/.test(e.value)));
  const bash = bashScripts || bashUnits ? ['bash'] : [];
  const timers = conv.timers.some((t) => t.periodic);
  const paths = conv.units.some((u) => u.name.type === 'path');
  const rows = (when: string) => boot.filter((b) => b.when === when);
  const pkgsOf = (list: typeof boot) => [...new Set(list.map((b) => b.pkg))];
  // alpine-base pulls in openrc, busybox-openrc, busybox-mdev-openrc and alpine-conf.
  const rootfsPackages = [...new Set(['alpine-base', ...pkgsOf(rows('rootfs')), ...bash, ...(timers ? pkgsOf(rows('timers')) : []), ...(paths ? ['inotify-tools'] : [])])];
  return {
    rootfsPackages,
    rootfsServices: rows('rootfs').map((b) => ({ service: b.service, runlevel: b.runlevel })),
    stagePackages: bash,
    serviceServices: timers ? rows('timers').map((b) => ({ service: b.service, runlevel: b.runlevel })) : [],
    servicePackages: [...(timers ? pkgsOf(rows('timers')) : []), ...(paths ? ['inotify-tools'] : [])],
  };
}

/** Build arguments the Alpine build script fills with the minirootfs: those its Ubuntu original fills with an ubuntu-base tarball. */
export function rootfsArgs(plan: BuildPlan): Set<string> {
  const out = new Set<string>();
  for (const b of plan.imageBuilds) for (const [k, v] of Object.entries(b.buildArgs)) if (/ubuntu-base-[^/]*\.tar/.test(v)) out.add(k);
  return out;
}
