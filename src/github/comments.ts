/**
 * The one module besides `db sync` that talks to the network: one sticky comment per pull
 * request, found by its hidden marker and updated in place, through Octokit (GitHub's own client).
 * Octokit's requests go through the bounded fetch (connect and total timeouts, a size cap), the
 * listing stops after MAX_PAGES pages however many `next` links the server sends, every reply is
 * checked for the shape used before it is used, and the token never reaches a message.
 */
import { Octokit } from '@octokit/rest';
import { COMMENT_MARKER } from '../checklist/markdown.js';
import { boundedFetch, NetError } from '../net/bounded-fetch.js';

export class GitHubError extends Error {}

export interface PostTarget {
  owner: string;
  repo: string;
  pr: number;
  token: string;
  /** API root: GITHUB_API_URL in Actions, https://api.github.com otherwise; tests use a local server. */
  baseUrl: string;
}

/** 100 comments a page: 5,000 comments is more than any pull request GitHub shows. */
export const MAX_PAGES = 50;
const LIMITS = { connectMs: 30_000, totalMs: 60_000, maxBytes: 16 * 1024 * 1024 };

function client(t: PostTarget): Octokit {
  return new Octokit({ auth: t.token, baseUrl: t.baseUrl, request: { retries: 0, fetch: boundedFetch(LIMITS) }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

/** Any text from a reply or an error with the token taken out (an API may echo what it was sent). */
function redact(text: string, t: PostTarget): string {
  return t.token ? text.split(t.token).join('***') : text;
}

function resetTime(header: string | undefined): string {
  const when = Number(header);
  return Number.isFinite(when) && when > 0 && when < 1e11 ? new Date(when * 1000).toISOString() : 'a while';
}

function explain(err: unknown, t: PostTarget): GitHubError {
  if (err instanceof GitHubError) return new GitHubError(redact(err.message, t));
  const e = err as { status?: number; response?: { headers?: Record<string, string> }; message?: string; cause?: unknown };
  const net = e instanceof NetError ? e : e.cause instanceof NetError ? e.cause : null;
  if (net) return new GitHubError(`GitHub did not answer: ${redact(net.message, t)}`);
  const remaining = e.response?.headers?.['x-ratelimit-remaining'];
  if (e.status === 429 || (e.status === 403 && remaining === '0')) return new GitHubError(`GitHub rate limit reached; try again after ${resetTime(e.response?.headers?.['x-ratelimit-reset'])}`);
  if (e.status === 401) return new GitHubError('GitHub refused the token (401): check GITHUB_TOKEN');
  if (e.status === 403) return new GitHubError(`the token may not comment on ${t.owner}/${t.repo} (403): give the workflow pull-requests: write`);
  if (e.status === 404) return new GitHubError(`no pull request ${t.owner}/${t.repo}#${t.pr} visible to this token (404)`);
  return new GitHubError(redact(`GitHub request failed${e.status ? ` (${e.status})` : ''}: ${(e.message ?? String(err)).split('\n')[0]}`, t).slice(0, 300));
}

/** A comment as GitHub returns it, or a GitHubError naming what is wrong with the reply. */
function comment(data: unknown, what: string): { id: number; body: string; html_url: string } {
  const c = data as { id?: unknown; body?: unknown; html_url?: unknown } | null;
  if (!c || typeof c !== 'object' || !Number.isSafeInteger(c.id) || (c.id as number) <= 0 || (c.body !== undefined && c.body !== null && typeof c.body !== 'string') || (c.html_url !== undefined && typeof c.html_url !== 'string')) {
    throw new GitHubError(`GitHub's reply to ${what} is not a comment (no numeric id); check GITHUB_API_URL`);
  }
  return { id: c.id as number, body: (c.body as string | null | undefined) ?? '', html_url: (c.html_url as string | undefined) ?? '' };
}

/** The body of the existing sticky comment, if any. */
export async function findStickyComment(t: PostTarget): Promise<{ id: number; body: string } | null> {
  try {
    const gh = client(t);
    let pages = 0;
    let found: { id: number; body: string } | null = null;
    await gh.paginate(gh.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.pr, per_page: 100 }, (response, done) => {
      pages++;
      if (!Array.isArray(response.data)) throw new GitHubError("GitHub's list of comments is not a list; check GITHUB_API_URL");
      for (const raw of response.data) {
        const c = comment(raw, 'the list of comments');
        if (c.body.includes(COMMENT_MARKER)) found = { id: c.id, body: c.body };
      }
      if (found || pages >= MAX_PAGES) done();
      return [];
    });
    if (!found && pages >= MAX_PAGES) throw new GitHubError(`no checklist comment in the first ${MAX_PAGES} pages of comments on ${t.owner}/${t.repo}#${t.pr}; not posting another`);
    return found;
  } catch (err) {
    throw explain(err, t);
  }
}

export async function postStickyComment(t: PostTarget, body: string, existing: { id: number } | null): Promise<{ action: 'created' | 'updated'; id: number; url: string }> {
  const gh = client(t);
  try {
    if (existing) {
      const r = comment((await gh.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: existing.id, body })).data, 'the update');
      return { action: 'updated', id: r.id, url: r.html_url };
    }
    const r = comment((await gh.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.pr, body })).data, 'the new comment');
    return { action: 'created', id: r.id, url: r.html_url };
  } catch (err) {
    throw explain(err, t);
  }
}
