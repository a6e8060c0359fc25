/**
 * The curated knowledge in mappings/, loaded once per run and handed to extractors, which stay pure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mappingsDir } from '../paths.js';
import { loadDebianisms, type Debianisms } from './debianisms.js';
import { loadBusybox, type BusyboxKnowledge } from '../busybox/knowledge.js';
import { loadSystemdKnowledge, type SystemdKnowledge } from '../systemd/knowledge.js';
import { configRules, type ConfigRule } from './config-rules.js';

export interface PackageCommandSpec {
  manager: string;
  /** Sub-command -> what it does (install, build-dep, satisfy). Absent for dpkg and gdebi. */
  verbs?: Record<string, 'install' | 'build-dep' | 'satisfy'>;
  installOptions?: string[];
  recursiveOptions?: string[];
  addArchitectureOptions?: string[];
  localDebsOnly?: boolean;
  optionsWithValue: string[];
  shortOptionsWithValue: string[];
}

export interface WrapperSpec {
  kind: 'argv' | 'script' | 'remote' | 'stdin';
  optionsWithValue?: string[];
  assignmentsAllowed?: boolean;
  skip?: number;
  scriptOption?: string;
  /** Option letters taking the next word, alone or last in a cluster, after - or + (`bash -euo pipefail`). */
  shortOptionsWithValue?: string;
  /** With no command of its own it runs a shell that reads its script from stdin (`chroot DIR <<EOF`). */
  stdinScript?: boolean;
  /** Where the command comes from when it is not a system command (pi-gen's `on_chroot`). */
  origin?: string;
}

export interface BaseImageKnowledge {
  images: Record<string, string>;
  tarballs: { pattern: RegExp; distro: string }[];
}

export interface Knowledge {
  packageCommands: Record<string, PackageCommandSpec>;
  wrappers: Record<string, WrapperSpec>;
  baseImages: BaseImageKnowledge;
  /** Installers of Debian package tools (apt-fast) that an Alpine sibling drops. */
  installers: { name: string; match: RegExp; reason: string }[];
  /** Debian-only commands, paths, directories and groups (src/knowledge/debianisms.ts). */
  debianisms: Debianisms;
  /** BusyBox's applets and what restores GNU behaviour (src/busybox/knowledge.ts). */
  busybox: BusyboxKnowledge;
  /** The systemd-to-OpenRC tables (src/systemd/knowledge.ts). */
  systemd: SystemdKnowledge;
  /** The config-file rules (mappings/config-rules.tsv). */
  configRules: ConfigRule[];
}

function readJson(name: string): Record<string, unknown> {
  const path = join(mappingsDir(), name);
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    delete data.$comment;
    return data;
  } catch (cause) {
    throw new Error(`reading ${path}`, { cause });
  }
}

let cached: Knowledge | undefined;

export function loadKnowledge(): Knowledge {
  if (cached) return cached;
  const base = readJson('base-images.json') as { images: Record<string, string>; tarballs: { pattern: string; distro: string }[] };
  cached = {
    packageCommands: readJson('package-commands.json') as Record<string, PackageCommandSpec>,
    wrappers: readJson('command-wrappers.json') as Record<string, WrapperSpec>,
    baseImages: {
      images: base.images,
      tarballs: base.tarballs.map((t) => ({ pattern: new RegExp(t.pattern), distro: t.distro })),
    },
    debianisms: loadDebianisms(),
    busybox: loadBusybox(),
    systemd: loadSystemdKnowledge(),
    configRules: configRules(),
    installers: (readJson('installers.json').installers as { name: string; match: string; reason: string }[]).map((i) => ({ ...i, match: new RegExp(i.match) })),
  };
  return cached;
}
