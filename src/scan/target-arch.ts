/**
 * The target architecture, decided from the repository when the user does not give it: the
 * platform the build asks for (`--platform` of a docker build, `FROM --platform=`), then the
 * architecture of the root filesystem tarball it unpacks (ubuntu-base-24.04-base-arm64.tar.gz),
 * then the architecture most of its ELF files are for. Each answer says how it was decided.
 */
import { mappingRows } from '../knowledge/tsv.js';
import { alpineArchOfTarball } from '../knowledge/alpine-release.js';
import { alpineArch } from '../elf/verdict.js';
import type { ScanResult } from './result.js';

export const DEFAULT_ARCH = 'x86_64';

export interface TargetArch {
  arch: string;
  /** How it was decided, for every report: "--arch", "--platform=linux/arm64 at build.sh:57", ... */
  how: string;
}

let platforms: Map<string, string> | null = null;
/** The Alpine arch of a Docker platform (linux/arm64 -> aarch64), from mappings/docker-platforms.tsv. */
export function archOfPlatform(platform: string): string | null {
  platforms ??= new Map(mappingRows('docker-platforms.tsv').map(([p, a]) => [p!, a!]));
  return platforms.get(platform.toLowerCase()) ?? null;
}

type Facts = Pick<ScanResult, 'references' | 'baseImages' | 'findings' | 'binaries'>;

export function inferTargetArch(facts: Facts, given?: string, givenHow = '--arch'): TargetArch {
  if (given) return { arch: given, how: givenHow };
  const votes = new Map<string, string[]>();
  const vote = (arch: string | null, where: string) => {
    if (arch) votes.set(arch, [...(votes.get(arch) ?? []), where]);
  };
  const decided = (what: string) => {
    if (!votes.size) return null;
    const ranked = [...votes].sort((a, b) => b[1].length - a[1].length);
    const [arch, where] = ranked[0]!;
    const others = ranked.slice(1).map(([a, w]) => `${a} ${w.length}`).join(', ');
    return { arch, how: `${what} ${where[0]}${where.length > 1 ? ` and ${where.length - 1} more` : ''}${others ? ` (against: ${others})` : ''}` };
  };
  for (const r of facts.references) if (r.kind === 'docker-build' && r.platform) vote(archOfPlatform(r.platform), `--platform=${r.platform} at ${r.file}:${r.line}`);
  for (const b of facts.baseImages) if (b.platform) vote(archOfPlatform(b.platform), `FROM --platform=${b.platform} at ${b.file}:${b.line}`);
  const byPlatform = decided('the build asks for');
  if (byPlatform) return byPlatform;
  for (const r of facts.references) {
    if (r.kind !== 'docker-build') continue;
    for (const v of Object.values(r.buildArgs ?? {})) if (/ubuntu-base-|debian-.*rootfs/.test(v)) vote(alpineArchOfTarball(v), `${v} at ${r.file}:${r.line}`);
  }
  for (const f of facts.findings) {
    const tarball = (f.data as { tarball?: unknown } | undefined)?.tarball;
    if (typeof tarball === 'string') vote(alpineArchOfTarball(tarball), `${tarball} at ${f.file}:${f.line ?? 1}`);
  }
  const byTarball = decided('the root filesystem it unpacks:');
  if (byTarball) return byTarball;
  // Coprocessor firmware (Hexagon) says nothing about the userland.
  for (const b of facts.binaries) if (b.info.machine !== 'hexagon') vote(alpineArch(b.info.machine, b.info.bits), b.inner ? `${b.file}:${b.inner}` : b.file);
  const byElf = decided('most of its ELF files are:');
  if (byElf) return byElf;
  return { arch: DEFAULT_ARCH, how: `default: nothing in the repository names an architecture (give --arch)` };
}
