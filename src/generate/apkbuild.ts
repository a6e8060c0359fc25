/**
 * An APKBUILD that repackages a .deb's payload (pure): Alpine's APKBUILD conventions (pkgname,
 * pkgver, pkgrel, pkgdesc, url, arch, license, depends, source, sha512sums, package()), with the
 * Debian dependencies mapped through the package database and every file that needs attention
 * (binaries that will not run on musl, maintainer scripts) listed as comments.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Answer } from '../db/lookup.js';
import { debArches } from '../knowledge/alpine-release.js';
import { renderTextTemplate } from '../report/render.js';
import type { BlobFact, DebFact } from '../scan/result.js';
import { withHeader, type GeneratedFile } from './header.js';
import { commentSafe } from '../convert/shell-quote.js';

const ALPINE_VERSION = /^[0-9]+(\.[0-9]+)*[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*$/;

/** Debian [epoch:]upstream[-revision] -> Alpine pkgver and pkgrel, or a note when it does not fit. */
export function alpineVersion(debian: string | null): { pkgver: string; pkgrel: number; note: string | null } {
  const v = (debian ?? '').replace(/^\d+:/, '');
  const dash = v.lastIndexOf('-');
  const upstream = dash > 0 ? v.slice(0, dash) : v;
  const revision = dash > 0 ? Number.parseInt(v.slice(dash + 1), 10) : 0;
  const pkgrel = Number.isFinite(revision) && revision >= 0 ? revision : 0;
  if (ALPINE_VERSION.test(upstream)) return { pkgver: upstream, pkgrel, note: null };
  const lead = /^[0-9]+(\.[0-9]+)*/.exec(upstream)?.[0];
  return { pkgver: lead ?? '0', pkgrel, note: `Debian version ${debian} does not fit apk's version format; pkgver ${lead ?? '0'} keeps its leading number` };
}

export function generateApkbuild(deb: DebFact, debBytes: Buffer, blobs: BlobFact[], answers: Map<string, Answer>, outDir: string): GeneratedFile {
  const version = alpineVersion(deb.version);
  const arch = debArches().get(deb.arch ?? '') ?? null;
  const depends: string[] = [];
  const notes: string[] = [];
  for (const d of [...deb.preDepends, ...deb.depends]) {
    const a = answers.get(d);
    if (!a || a.kind === 'unknown') notes.push(`Depends ${d}: no Alpine answer (${a?.reason ?? 'not looked up'}); add it by hand if needed`);
    else if (a.kind === 'dropped' || a.kind === 'none') notes.push(`Depends ${d}: ${a.kind === 'dropped' ? 'not needed on Alpine' : 'no Alpine equivalent'} (${a.reason})`);
    else if (a.confidence === 'low') {
      // A wrong name breaks the build: a guess is offered, not used.
      notes.push(`Depends ${d}: maybe ${a.alpine.join(' ')} (low confidence: ${a.reason}); add it by hand if right`);
    } else {
      for (const n of a.alpine) if (!depends.includes(n)) depends.push(n);
      if (a.confidence !== 'high') notes.push(`Depends ${d} -> ${a.alpine.join(' ')} (${a.confidence} confidence: ${a.reason})`);
    }
  }
  // musl is the C library: glibc dependencies are not apk dependencies.
  const finalDepends = depends.filter((n) => n !== 'musl');
  const attention = blobs
    .filter((b) => b.kind === 'elf' && b.path.startsWith(`${deb.file}:`) && b.verdict !== 'runs-on-musl')
    .map((b) => `${b.path.slice(deb.file.length + 1)}: ${b.verdict}: ${b.reason}`);
  for (const s of deb.scripts) notes.push(`maintainer script ${s} is not run by apk: port it to an install script (${deb.name}.post-install, ...) or the image build`);
  const sourceName = posix.basename(deb.file);
  const relSource = posix.relative(outDir, deb.file);
  // Comments carry repository text (paths, control fields, reasons): abuild sources the file.
  const oneLine = commentSafe;
  const data = {
    // readDeb keeps only policy-valid names; otherwise the file name, reduced to what apk allows.
    pkgname: deb.name ?? (posix.basename(deb.file, '.deb').toLowerCase().replace(/[^a-z0-9+._-]+/g, '-').replace(/^[^a-z0-9]+/, '') || 'unnamed'),
    pkgver: version.pkgver,
    pkgrel: version.pkgrel,
    arch: arch ?? 'all',
    depends: finalDepends.join(' '),
    source: sourceName,
    sha512: createHash('sha512').update(debBytes).digest('hex'),
    copyFrom: oneLine(relSource),
    notes: [...(version.note ? [version.note] : []), ...(arch ? [] : [`Debian architecture ${deb.arch} has no Alpine equivalent here; set arch by hand`]), ...notes].map(oneLine),
    attention: attention.map(oneLine),
  };
  const path = posix.join(outDir, data.pkgname, 'APKBUILD');
  return { path, sources: [deb.file], mode: 0o644, content: withHeader([deb.file], (header) => renderTextTemplate('APKBUILD.hbs', { ...data, header })) };
}
