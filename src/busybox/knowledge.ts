/**
 * BusyBox knowledge: the applets of the target's BusyBox with the options each accepts
 * (mappings/busybox-applets.tsv from --help and busybox-short-options.tsv from probing, both read
 * from the real binary) and what restores GNU behaviour
 * (mappings/busybox-gnu.tsv).
 */
import { mappingRows } from '../knowledge/tsv.js';

export interface BusyboxKnowledge {
  applets: Map<string, { short: Set<string>; long: Set<string> }>;
  /** 'applet --option' -> accepted, as the real applet answered (mappings/busybox-long-options.tsv). */
  probed: Map<string, boolean>;
  gnu: Map<string, { pkg: string | null; kind: 'applet' | 'missing' | 'words' }>;
}

let cached: BusyboxKnowledge | undefined;

const rows = mappingRows;

export function loadBusybox(): BusyboxKnowledge {
  if (cached) return cached;
  // Letters the real applets accept beyond their --help (install -v, tar -p), probed.
  const undocumented = new Map(rows('busybox-short-options.tsv').map(([a, l]) => [a!, l!]));
  cached = {
    applets: new Map(rows('busybox-applets.tsv').map(([a, s, l]) => [a!, { short: new Set(`${s === '-' ? '' : s}${undocumented.get(a!) ?? ''}`), long: new Set(l === '-' ? [] : l!.split(',')) }])),
    probed: new Map(rows('busybox-long-options.tsv').map(([a, o, ok]) => [`${a} ${o}`, ok === 'yes'])),
    gnu: new Map(rows('busybox-gnu.tsv').map(([c, p, k]) => [c!, { pkg: p === '-' ? null : p!, kind: k as 'applet' | 'missing' | 'words' }])),
  };
  return cached;
}

export interface OptionProblem {
  option: string;
  package: string | null;
}

/** Options of `args` (getopt style, before `--`) that the BusyBox applet does not accept. */
export function unsupportedOptions(command: string, args: string[], k: BusyboxKnowledge): OptionProblem[] {
  const gnu = k.gnu.get(command);
  const applet = k.applets.get(command);
  if (!applet || !gnu || gnu.kind !== 'applet') return [];
  const problems: OptionProblem[] = [];
  for (const a of args) {
    if (a === '--') break;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      // BusyBox accepts long options its --help does not list (cp --reflink): only an answer of the
      // real applet, recorded in the probe table, makes an unlisted long option an error.
      if (name && !applet.long.has(name) && k.probed.get(`${command} --${name}`) === false) problems.push({ option: `--${name}`, package: gnu.pkg });
    } else if (/^-[A-Za-z0-9]+$/.test(a)) {
      // A number glued to a known option (-n5, -o1024) is its value, not more options.
      if (applet.short.has(a[1]!) && /^\d+$/.test(a.slice(2))) continue;
      if ([...a.slice(1)].some((c) => !applet.short.has(c))) problems.push({ option: a, package: gnu.pkg });
    }
  }
  return problems;
}
