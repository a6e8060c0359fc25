import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { dbStats, openDb } from '../../src/db/database.js';
import { INDEXES, needShared } from '../support.js';
import { freshDb, rootfsFiles } from './fixtures.js';

const ok = needShared('alpine/indexes', 'alpine/alpine-minirootfs-3.20.3-x86_64.tar.gz');

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
}

describe.skipIf(!ok)('db sync against a local mirror', () => {
  let server: Server;
  let mirror: string;
  let keys: string;
  const files: Record<string, Buffer> = {};
  const requests: string[] = [];

  beforeAll(async () => {
    keys = rootfsFiles('x86_64').keysDir;
    files['/alpine/v3.20/main/x86_64/APKINDEX.tar.gz'] = readFileSync(join(INDEXES, 'APKINDEX-v3.20-main-x86_64.tar.gz'));
    files['/alpine/v3.20/community/x86_64/APKINDEX.tar.gz'] = readFileSync(join(INDEXES, 'APKINDEX-v3.18-community-x86_64.tar.gz'));
    const tampered = Buffer.from(files['/alpine/v3.20/main/x86_64/APKINDEX.tar.gz']!);
    tampered[tampered.length - 100]! ^= 0x01;
    files['/bad/v3.20/main/x86_64/APKINDEX.tar.gz'] = tampered;
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = files[req.url ?? ''];
      if (!body) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads, verifies and imports main and community', async () => {
    const db = freshDb();
    const r = await run('db', 'sync', '--release', '3.20', '--arch', 'x86_64', '--mirror', `${mirror}/alpine`, '--keys', keys, '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { label: string; records: number }) => [x.label, x.records])).toEqual([
      ['v3.20/main/x86_64', 5522],
      ['v3.20/community/x86_64', 14929],
    ]);
    const d = openDb(db, { readonly: true });
    const imported = dbStats(d).sources.filter((s) => s.kind === 'apkindex');
    expect(imported.map((s) => [s.label, s.records, s.release, s.branch, s.arch])).toEqual([
      ['v3.20/community/x86_64', 14929, '3.20', 'community', 'x86_64'],
      ['v3.20/main/x86_64', 5522, '3.20', 'main', 'x86_64'],
    ]);
    d.close();
  });

  it.each([
    ['a missing release', ['--release', 'v9.99'], /HTTP 404/],
    ['a tampered index', ['--mirror-path', 'bad'], /bad signature|corrupt/],
  ])('%s fails in one line and leaves the database as it was', async (_n, extra, message) => {
    const db = freshDb();
    const args = ['db', 'sync', '--keys', keys, '--db', db, '--repos', 'main'];
    if (extra[0] === '--mirror-path') args.push('--mirror', `${mirror}/${extra[1]}`, '--release', '3.20');
    else args.push('--mirror', `${mirror}/alpine`, ...extra);
    const before = dbStats(openDb(db, { readonly: true }));
    const r = await run(...args);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(dbStats(openDb(db, { readonly: true }))).toEqual(before);
  });
});
