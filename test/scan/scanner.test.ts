import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { classify } from '../../src/scan/classify.js';
import { scan } from '../../src/scan/scanner.js';
import { shellExtractor } from '../../src/scan/shell/index.js';

let root: string;

function put(path: string, content: string | Buffer): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

function treeHash(dir: string): string {
  const h = createHash('sha256');
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      h.update(p);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) h.update(readFileSync(p)).update(String(statSync(p).mtimeMs));
    }
  };
  visit(dir);
  return h.digest('hex');
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'migrate-scan-'));
  put('ok.sh', '#!/bin/sh\napt-get install -y curl\n');
  put('noext', '#!/usr/bin/env -S bash -e\napt install -y jq\n');
  put('crlf-bom.sh', '\ufeffapt-get install -y \\\r\n  git\r\n');
  put('latin1.sh', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\napt-get install -y vim\n')]));
  put('binary.sh', Buffer.from([0x23, 0x21, 0x00, 0x01, 0x02, 0xff]));
  put('big.sh', `apt-get install -y huge\n${'#'.repeat(2048)}\n`);
  put('empty.sh', '');
  put('Dockerfile', 'FROM ubuntu:24.04\nRUN apt-get install -y make\n');
  put('debs/vendor.deb', 'version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 10\n');
  put('lib/libfoo.so', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]));
  put('units/app.service', '[Service]\nExecStart=/bin/true\n');
  put('units/app.service.d/override.conf', '[Service]\nUser=x\n');
  put('node_modules/x/install.sh', 'apt-get install -y never\n');
  put('.git/hooks/pre-commit.sh', 'apt-get install -y never\n');
  put('build/generated.sh', 'apt-get install -y excluded\n');
  mkdirSync(join(root, 'loop'));
  symlinkSync('..', join(root, 'loop', 'up'));
  symlinkSync(join(root, 'ok.sh'), join(root, 'link.sh'));
  execFileSync('mkfifo', [join(root, 'pipe.sh')]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('scan of a tree with bad input', () => {
  it('scans everything it can, reports the rest, and never writes to the tree', async () => {
    const before = treeHash(root);
    const r = await scan(root, { exclude: ['build/**'], maxFileSize: 1024 });
    expect(treeHash(root)).toBe(before);

    expect(r.packages.map((p) => `${p.file}:${p.line} ${p.name}`)).toEqual([
      'Dockerfile:2 make',
      'crlf-bom.sh:2 git',
      'latin1.sh:2 vim',
      'noext:2 jq',
      'ok.sh:2 curl',
    ]);
    expect(r.findings.filter((f) => f.rule.startsWith('scan/')).map((f) => `${f.rule} ${f.file}`)).toEqual([
      'scan/too-large big.sh',
      'scan/binary-content binary.sh',
      'scan/lfs-pointer debs/vendor.deb',
      'scan/non-utf8 latin1.sh',
    ]);
    expect(Object.fromEntries(r.files.map((f) => [f.file, f.kind]))).toEqual({
      Dockerfile: 'dockerfile',
      'big.sh': 'shell',
      'binary.sh': 'shell',
      'crlf-bom.sh': 'shell',
      'debs/vendor.deb': 'lfs-pointer',
      'empty.sh': 'shell',
      'latin1.sh': 'shell',
      'lib/libfoo.so': 'elf',
      noext: 'shell',
      'ok.sh': 'shell',
      'units/app.service': 'systemd-unit',
      'units/app.service.d/override.conf': 'systemd-unit',
    });
  });

  it('turns an unreadable file into a finding', async () => {
    const r = await scan(root, {
      readFile: (p) => {
        if (p.endsWith('ok.sh')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
        return readFileSync(p);
      },
    });
    expect(r.findings.find((f) => f.file === 'ok.sh')).toMatchObject({ rule: 'scan/unreadable', severity: 'warning', line: null });
    expect(r.packages.some((p) => p.name === 'jq')).toBe(true);
  });

  it('turns an extractor crash into a finding and goes on', async () => {
    const spy = vi.spyOn(shellExtractor, 'extract').mockImplementationOnce(() => {
      throw new Error('boom');
    });
    try {
      const r = await scan(root, { exclude: ['build'] });
      const crashed = r.findings.filter((f) => f.rule === 'scan/extractor-crashed');
      expect(crashed).toHaveLength(1);
      expect(crashed[0]!.data).toEqual({ error: 'boom' });
      expect(r.packages.length).toBeGreaterThan(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('gives the same result twice, with stable ids and keys', async () => {
    const a = await scan(root, { exclude: ['build'] });
    const b = await scan(root, { exclude: ['build'] });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(new Set(a.findings.map((f) => f.id)).size).toBe(a.findings.length);
  });
});

describe('finding keys survive line shifts', () => {
  it('keeps keys when lines are inserted above', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-keys-'));
    try {
      writeFileSync(join(dir, 's.sh'), 'apt-get install -y curl\napt-get install -y curl\n');
      const a = await scan(dir);
      writeFileSync(join(dir, 's.sh'), '# new\n\napt-get install -y curl\napt-get install -y curl\n');
      const b = await scan(dir);
      expect(b.findings.map((f) => f.key)).toEqual(a.findings.map((f) => f.key));
      expect(b.findings.map((f) => f.id)).not.toEqual(a.findings.map((f) => f.id));
      expect(new Set(a.findings.map((f) => f.key)).size).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('classify', () => {
  const text = (s: string) => new Uint8Array(Buffer.from(s));
  it.each([
    ['build.sh', '', 'shell'],
    ['tool', '#!/bin/bash -e\n', 'shell'],
    ['tool', '#!/usr/bin/env sh\n', 'shell'],
    ['tool', '#!/usr/bin/env python3\n', 'program'],
    ['power_monitor.py', '', 'program'],
    ['main.c', '', 'program'],
    ['README.md', '', 'other'],
    ['comma.sh', '#/usr/bin/env bash\n', 'shell'],
    ['comma', '#/usr/bin/env bash\n', 'shell'],
    ['userspace/files/fstab', '', 'config'],
    ['etc/apt/apt.conf.d/99local', '', 'config'],
    ['usr/lib/tmpfiles.d/comma.conf', '', 'config'],
    ['pkg/debian/control', '', 'config'],
    ['.github/workflows/build.yml', '', 'workflow'],
    ['Dockerfile', '', 'dockerfile'],
    ['Dockerfile.agnos', '', 'dockerfile'],
    ['Dockerfile.builder', '', 'dockerfile'],
    ['app.Dockerfile', '', 'dockerfile'],
    ['Containerfile', '', 'dockerfile'],
    ['Dockerfile.md', '', 'other'],
    ['.dockerignore', '', 'other'],
    ['x/foo.service', '', 'systemd-unit'],
    ['x/foo@.service', '', 'systemd-unit'],
    ['x/logrotate-hourly.timer', '', 'systemd-unit'],
    ['x/adb-param-watcher.path', '', 'systemd-unit'],
    ['x/ssh.service.d/override.conf', '', 'systemd-unit'],
    ['x/app.conf', '', 'other'],
    ['a.deb', '!<arch>\n', 'deb'],
    ['a.deb', 'version https://git-lfs.github.com/spec/v1\n', 'lfs-pointer'],
    ['libx.so.1', '\x7fELF\x02\x01', 'elf'],
  ])('%s with %j is %s', (path, head, kind) => {
    expect(classify(path, text(head))).toBe(kind);
  });
});
