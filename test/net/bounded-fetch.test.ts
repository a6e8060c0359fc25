/**
 * The network limits against a local server that misbehaves: never answers, trickles, never ends,
 * declares a huge body. Each case must end with a one-line NetError in bounded time and memory.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedFetch, fetchBytes, NetError } from '../../src/net/bounded-fetch.js';
import { syncIndexes, SyncError } from '../../src/db/sync.js';

let server: Server;
let base: string;
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const path = req.url ?? '/';
    if (path.startsWith('/hang')) return; // headers never come
    if (path.startsWith('/trickle')) {
      res.writeHead(200);
      const t = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (path.startsWith('/endless')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(1 << 20, 7);
      const pump = () => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      pump();
      return;
    }
    if (path.startsWith('/declared')) {
      res.writeHead(200, { 'content-length': String(50 * 1024 ** 3) });
      res.write('x');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  for (const r of open) r.destroy();
  return new Promise<void>((r) => server.close(() => r()));
});

const small = { connectMs: 300, totalMs: 1500, maxBytes: 4 * 1024 * 1024 };

describe('bounded fetch', () => {
  it('reads a normal reply whole', async () => {
    const r = await fetchBytes(`${base}/ok`, small);
    expect([r.status, r.bytes.toString()]).toEqual([200, 'hello']);
  });

  it.each([
    ['a server that never answers', '/hang', /no answer within 0.3 s/],
    ['a server that trickles bytes', '/trickle', /not complete within 1.5 s/],
    ['a body that never ends', '/endless', /larger than the 4 MiB accepted/],
    ['a declared 50 GiB body', '/declared', /declares 51200 MiB, more than the 4 MiB accepted/],
  ])('%s ends in one line', async (_name, path, message) => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const err = await fetchBytes(`${base}${path}`, small).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a refused connection is a one-line error, and credentials in the URL are not printed', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = (await boundedFetch(small)(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(NetError);
    expect(err.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x: cannot connect \(ECONNREFUSED\)$/);
    const withUser = (await boundedFetch(small)(`http://user:hunter2@127.0.0.1:${port}/x`).catch((e: unknown) => e)) as Error;
    expect(withUser).toBeInstanceOf(NetError);
    expect(withUser.message).not.toContain('hunter2');
  });

  it('db sync against an endless index stops at its cap with a one-line error', async () => {
    const err = await syncIndexes({} as never, { mirror: `${base}/endless`, release: '3.22', arch: 'x86_64', repos: ['main'], trust: { keysDir: '/nonexistent' } as never, limits: small }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncError);
    expect((err as Error).message).toMatch(/^cannot download http:\/\/127\.0\.0\.1:\d+\/endless\/v3\.22\/main\/x86_64\/APKINDEX\.tar\.gz: the reply is larger than the 4 MiB accepted; check --mirror/);
  });
});
