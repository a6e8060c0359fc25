import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMENT_MARKER, MAX_COMMENT, renderChecklistMarkdown, tickedItems } from '../../src/checklist/markdown.js';
import { main } from '../../src/cli/main.js';
import { evaluateChecklist } from '../../src/checklist/evaluate.js';
import type { ScanResult } from '../../src/scan/result.js';
import type { CliIo } from '../../src/cli/io.js';

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTty: false, color: false };
  return { code: await main(argv, io), stdout, stderr };
}

/** A local server that behaves like GitHub's issue-comment endpoints: list (paginated), create, update. */
interface Comment {
  id: number;
  body: string;
  html_url: string;
}
const comments: Comment[] = [];
let nextId = 1;
let foreverRequests = 0;
const TOKEN = 'ghs_secret_token_value';
let server: Server;
let base: string;

function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data ? (JSON.parse(data) as Record<string, unknown>) : {}));
  });
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `token ${TOKEN}`) return send(401, { message: 'Bad credentials' });
    if (url.pathname.startsWith('/repos/acme/forbidden/')) return send(403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4999' });
    if (url.pathname.startsWith('/repos/acme/limited/')) return send(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1900000000' });
    if (url.pathname.startsWith('/repos/acme/badreset/')) return send(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' });
    if (url.pathname.startsWith('/repos/acme/echo/')) return send(422, { message: `Validation failed for token ${TOKEN}` });
    if (url.pathname.startsWith('/repos/acme/shape/')) return req.method === 'GET' ? send(200, { nope: true }) : send(201, { nope: true });
    if (url.pathname.startsWith('/repos/acme/noid/')) return req.method === 'GET' ? send(200, []) : send(201, { nope: true });
    if (url.pathname.startsWith('/repos/acme/forever/')) {
      // Every page says there is a next one.
      foreverRequests++;
      const page = Number(url.searchParams.get('page') ?? 1);
      return send(200, [{ id: page, body: 'chatter', html_url: 'x' }], { link: `<${base}${url.pathname}?per_page=100&page=${page + 1}>; rel="next"` });
    }
    const list = /^\/repos\/acme\/image\/issues\/(\d+)\/comments$/.exec(url.pathname);
    if (list && list[1] !== '7') return send(404, { message: 'Not Found' });
    if (list && req.method === 'GET') {
      const per = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const pages = Math.max(1, Math.ceil(comments.length / per));
      const link: Record<string, string> = page < pages ? { link: `<${base}${url.pathname}?per_page=${per}&page=${page + 1}>; rel="next"` } : {};
      return send(200, comments.slice((page - 1) * per, page * per), link);
    }
    if (list && req.method === 'POST') {
      const c = { id: nextId++, body: String((await body(req)).body), html_url: `https://github.invalid/acme/image/pull/7#c${nextId}` };
      comments.push(c);
      return send(201, c);
    }
    const one = /^\/repos\/acme\/image\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (one && req.method === 'PATCH') {
      const c = comments.find((x) => x.id === Number(one[1]));
      if (!c) return send(404, { message: 'Not Found' });
      c.body = String((await body(req)).body);
      return send(200, c);
    }
    send(404, { message: 'Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.GITHUB_API_URL = base;
  process.env.GITHUB_TOKEN = TOKEN;
});
afterAll(() => {
  delete process.env.GITHUB_API_URL;
  delete process.env.GITHUB_TOKEN;
  return new Promise<void>((r) => server.close(() => r()));
});
afterEach(() => {
  process.env.GITHUB_TOKEN = TOKEN;
});

describe('migrate checklist', () => {
  it('decides boxes from the repository and reports progress per phase', async () => {
    const r = JSON.parse((await run('checklist', 'examples/ubuntu-image', '--format', 'json', '--db', 'dist/default.db')).stdout);
    const item = (id: string) => r.phases.flatMap((p: { items: { id: string }[] }) => p.items).find((i: { id: string }) => i.id === id);
    expect(item('0.2')).toMatchObject({ state: 'done' });
    expect(item('A2')).toMatchObject({ state: 'open' });
    expect(item('A4')).toMatchObject({ state: 'manual-open' });
    expect(item('0.3').evidence).toMatch(/vendor.deb/);
  });

  it('--verify: a report that names a file outside the repository, or lacks its steps, ticks nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-check-verify-'));
    const report = (extra: object) => {
      const f = join(dir, `r${Math.random()}.json`);
      writeFileSync(f, JSON.stringify({ schema: 'migrate/verify-report', schemaVersion: 1, rootfs: 'x', steps: [], summary: { steps: 1, failingSteps: 0, unverifiedSteps: 0, services: 0, installed: 0, enabled: 0, toEnable: 0 }, sources: {}, ...extra }));
      return f;
    };
    const a6 = async (f: string) => {
      const r = await run('checklist', 'examples/ubuntu-image', '--format', 'json', '--db', 'dist/default.db', '--verify', f);
      if (r.code !== 0) return r.code;
      return JSON.parse(r.stdout).phases.flatMap((p: { items: { id: string }[] }) => p.items).find((i: { id: string }) => i.id === 'A6').state;
    };
    // The example has no Alpine files, so an empty report is about the repository as it is.
    expect(await a6(report({}))).toBe('done');
    expect(await a6(report({ sources: { '../../../etc/hostname': 'x' } }))).toBe('open');
    expect(await a6(report({ steps: undefined }))).toBe(2);
  });

  it('sees generated siblings: boxes tick as work lands', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'migrate-check-'));
    const { cpSync } = await import('node:fs');
    cpSync('examples/ubuntu-image', repo, { recursive: true });
    await run('generate', repo, '--db', 'dist/default.db');
    const r = JSON.parse((await run('checklist', repo, '--format', 'json', '--db', 'dist/default.db')).stdout);
    const item = (id: string) => r.phases.flatMap((p: { items: { id: string }[] }) => p.items).find((i: { id: string }) => i.id === id);
    expect(item('A2').state).toBe('done');
    expect(item('2.3').state).toBe('done');
    expect(item('3.4').state).toBe('done');
  });

  it('posting twice leaves one comment with the new content, found again past the first page', async () => {
    for (let i = 0; i < 130; i++) comments.push({ id: nextId++, body: `chatter ${i}`, html_url: 'x' });
    const first = await run('checklist', 'examples/ubuntu-image', '--post', '--pr', '7', '--repo', 'acme/image', '--db', 'dist/default.db');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/created the checklist comment/);
    const state = join(mkdtempSync(join(tmpdir(), 'migrate-state-')), 'state.json');
    writeFileSync(state, JSON.stringify({ ticked: ['0.1'] }));
    const second = await run('checklist', 'examples/ubuntu-image', '--post', '--pr', '7', '--repo', 'acme/image', '--state', state, '--db', 'dist/default.db');
    expect(second.stderr).toMatch(/updated the checklist comment/);
    const sticky = comments.filter((c) => c.body.includes(COMMENT_MARKER));
    expect(sticky).toHaveLength(1);
    expect(tickedItems(sticky[0]!.body).has('0.1')).toBe(true);
    expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}`).not.toContain(TOKEN);
  });

  it('keeps a manual box a person ticked in the comment', async () => {
    const sticky = comments.find((c) => c.body.includes(COMMENT_MARKER))!;
    sticky.body = sticky.body.replace(/- \[ \] (.*<!-- migrate:item:A4 -->)/, '- [x] $1');
    expect(tickedItems(sticky.body).has('A4')).toBe(true);
    await run('checklist', 'examples/ubuntu-image', '--post', '--pr', '7', '--repo', 'acme/image', '--db', 'dist/default.db');
    const after = comments.filter((c) => c.body.includes(COMMENT_MARKER));
    expect(after).toHaveLength(1);
    expect(tickedItems(after[0]!.body).has('A4')).toBe(true);
  });

  it.each([
    ['a bad token', ['--repo', 'acme/image', '--pr', '7'], 'wrong', /401/],
    ['a repository it may not write', ['--repo', 'acme/forbidden', '--pr', '7'], TOKEN, /403/],
    ['a missing pull request', ['--repo', 'acme/image', '--pr', '8'], TOKEN, /404/],
    ['the rate limit', ['--repo', 'acme/limited', '--pr', '7'], TOKEN, /rate limit/],
    ['a rate limit whose reset time does not parse', ['--repo', 'acme/badreset', '--pr', '7'], TOKEN, /rate limit reached; try again after a while/],
    ['an error that echoes the token', ['--repo', 'acme/echo', '--pr', '7'], TOKEN, /\(422\): Validation failed for token \*\*\*/],
    ['a list of comments that is not a list', ['--repo', 'acme/shape', '--pr', '7'], TOKEN, /list of comments is not a list/],
    ['a created comment of the wrong shape', ['--repo', 'acme/noid', '--pr', '7'], TOKEN, /reply to the new comment is not a comment/],
    ['a listing that never ends', ['--repo', 'acme/forever', '--pr', '7'], TOKEN, /no checklist comment in the first 50 pages/],
  ])('%s is one line and exit 4, without the token', async (_n, extra, token, message) => {
    process.env.GITHUB_TOKEN = token;
    const r = await run('checklist', 'examples/ubuntu-image', '--post', ...extra, '--db', 'dist/default.db');
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(token);
    expect(r.stderr).not.toMatch(/created|updated the checklist/);
  });

  it('stops following next links after 50 pages', () => {
    expect(foreverRequests).toBe(50);
  });

  it('--post without a token says how to give one', async () => {
    delete process.env.GITHUB_TOKEN;
    const r = await run('checklist', 'examples/ubuntu-image', '--post', '--pr', '7', '--repo', 'acme/image');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GITHUB_TOKEN/);
  });

  it("shortens a body over GitHub's limit, with a pointer to the full report", () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `X${i}`, text: 'x'.repeat(60), state: 'open' as const, evidence: 'y'.repeat(20) }));
    const body = renderChecklistMarkdown({ title: 'T', done: 0, total: items.length, phases: [{ id: 'X', title: 'X', done: 0, total: items.length, items }] }, 'see the job artifacts');
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body).toMatch(/shortened to fit GitHub's 65536-character limit: see the job artifacts/);
  });
});

describe('a malformed --checklist or --state is a one-line usage error', () => {
  const item = (check: unknown) => JSON.stringify({ title: 't', phases: [{ title: 'p', items: [{ id: 'a', text: 'x', check }] }] });
  it.each([
    ['a phase without items', JSON.stringify({ title: 't', phases: [{ title: 'p' }] })],
    ['a null phase', JSON.stringify({ title: 't', phases: [null] })],
    ['a null item', JSON.stringify({ title: 't', phases: [{ title: 'p', items: [null] }] })],
    ['a bad regular expression', item({ type: 'file-lacks', glob: '*.sh', pattern: '(' })],
    ['file-exists without any', item({ type: 'file-exists' })],
    ['file-lacks without glob', item({ type: 'file-lacks', pattern: 'x' })],
  ])('%s', async (_name, json) => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-cl-'));
    writeFileSync(join(dir, 'c.json'), json);
    const r = await run('checklist', 'examples/ubuntu-image', '--checklist', join(dir, 'c.json'), '--db', 'dist/default.db');
    expect([r.code, r.stderr.trim().split('\n').length, r.stderr.includes('internal error')]).toEqual([2, 1, false]);
  });

  it('a --state of null', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrate-cl-'));
    writeFileSync(join(dir, 's.json'), 'null');
    const r = await run('checklist', 'examples/ubuntu-image', '--state', join(dir, 's.json'), '--db', 'dist/default.db');
    expect([r.code, r.stderr.trim().split('\n').length, r.stderr.includes('internal error')]).toEqual([2, 1, false]);
  });
});

describe('the musl item (0.5), decided from the binary verdicts', () => {
  const def = { title: 't', phases: [{ id: '0', title: 'p', items: [{ id: '0.5', text: 'musl vs glibc', check: { type: 'libc-needs' as const } }] }] };
  const blob = (path: string, verdict: string) => ({ path, kind: 'elf' as const, arch: 'aarch64', needed: [], glibcVersions: [], missingSymbols: [], verdict, reason: '' });
  const judge = (blobs: ReturnType<typeof blob>[]) => {
    const result = { blobs, target: { arch: 'aarch64' } } as unknown as ScanResult;
    return evaluateChecklist(def, { files: [], read: () => '', result, answers: new Map(), ticked: new Set(), verify: null }).phases[0]!.items[0]!;
  };
  it('ticks when every ELF file runs with musl or gcompat, is firmware, or needs a root of its own', () => {
    expect(judge([blob('a.so', 'runs-with-gcompat'), blob('b.so', 'runs-with-gcompat'), blob('fw.elf', 'firmware'), blob('libs32/c.so', 'foreign-arch')])).toMatchObject({
      state: 'done', evidence: 'every ELF file has a way onto Alpine (target aarch64): 2 run with gcompat (apk add gcompat), 1 firmware, 1 need a root of their own architecture (foreign-arch)',
    });
  });
  it('stays open while one needs a rebuild or has no verdict', () => {
    expect(judge([blob('a.so', 'runs-with-gcompat'), blob('b.so', 'needs-rebuild')])).toMatchObject({ state: 'open', evidence: '1 of 2 ELF files need a rebuild or a glibc sysroot, or have no verdict: b.so; 1 run with gcompat (apk add gcompat)' });
  });
});
