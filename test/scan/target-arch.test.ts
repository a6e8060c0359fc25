/**
 * The target architecture decided from the repository, as scan reports it: a build's --platform,
 * FROM --platform=, the root filesystem tarball it downloads, the ELF majority, else the default.
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/scan/scanner.js';

async function target(files: Record<string, string>, arch?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-arch-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text, { mode: 0o755 });
  const r = await scan(dir, arch ? { arch } : {});
  return [r.target.arch, r.target.archHow];
}

describe('the target architecture', () => {
  it('is the platform the build script asks for', async () => {
    expect(await target({ 'build.sh': '#!/bin/sh\ndocker build -f Dockerfile -t img . --platform=linux/arm64\n', Dockerfile: 'FROM ubuntu:24.04\n' })).toEqual(['aarch64', 'the build asks for --platform=linux/arm64 at build.sh:2']);
  });
  it('is the platform of FROM --platform=, with the evidence against it named', async () => {
    expect(await target({ Dockerfile: 'FROM --platform=linux/arm/v7 ubuntu:24.04\nFROM --platform=linux/arm/v7 debian:12\n', 'b.sh': '#!/bin/sh\ndocker buildx build -f Dockerfile --platform linux/amd64 .\n' })).toEqual(['armv7', 'the build asks for FROM --platform=linux/arm/v7 at Dockerfile:1 and 1 more (against: x86_64 1)']);
  });
  it('is the architecture of the root filesystem tarball the build downloads', async () => {
    expect(await target({ 'get.sh': '#!/bin/sh\ncurl -LO https://cdimage.ubuntu.com/ubuntu-base/releases/24.04/release/ubuntu-base-24.04.3-base-arm64.tar.gz\n' })).toEqual(['aarch64', 'the root filesystem it unpacks: ubuntu-base-24.04.3-base-arm64.tar.gz at get.sh:2']);
  });
  const host = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : null;
  it.skipIf(!host)('is what most ELF files are for, without other evidence (two of this machine\'s programs)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'migrate-arch-elf-'));
    copyFileSync('/usr/bin/true', join(d, 'true'));
    copyFileSync('/usr/bin/false', join(d, 'false'));
    const r = await scan(d);
    expect([r.target.arch, r.target.archHow]).toEqual([host, 'most of its ELF files are: false and 1 more']);
  });
  it('is the default, said as such, with no evidence; --arch wins over any', async () => {
    expect(await target({ 'a.sh': '#!/bin/sh\ntrue\n' })).toEqual(['x86_64', 'default: nothing in the repository names an architecture (give --arch)']);
    expect(await target({ 'build.sh': '#!/bin/sh\ndocker build -f D --platform=linux/arm64 .\n' }, 'x86_64')).toEqual(['x86_64', '--arch']);
  });
});
