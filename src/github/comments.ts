/**
 * The one module besides `db sync` that talks to the network: one sticky comment per pull
 * request, found by its hidden marker and updated in place, through Octokit (GitHub's own client).
 */
import { Octokit } from '@octokit/rest';
import { COMMENT_MARKER } from '../checklist/markdown.js';

export class GitHubError extends Error {}

export interface PostTarget {
  owner: string;
  repo: string;
  pr: number;
  token: string;
  /** API root: GITHUB_API_URL in Actions, https://api.github.com otherwise; tests use a local server. */
  baseUrl: string;
}

function client(t: PostTarget): Octokit {
  return new Octokit({ auth: t.token, baseUrl: t.baseUrl, request: { retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

function explain(err: unknown, t: PostTarget): GitHubError {
  const e = err as { status?: number; response?: { headers?: Record<string, string> }; message?: string };
  const remaining = e.response?.headers?.['x-ratelimit-remaining'];
  if (e.status === 429 || (e.status === 403 && remaining === '0')) return new GitHubError(`GitHub rate limit reached; try again after ${e.response?.headers?.['x-ratelimit-reset'] ? new Date(Number(e.response.headers['x-ratelimit-reset']) * 1000).toISOString() : 'a while'}`);
  if (e.status === 401) return new GitHubError('GitHub refused the token (401): check GITHUB_TOKEN');
  if (e.status === 403) return new GitHubError(`the token may not comment on ${t.owner}/${t.repo} (403): give the workflow pull-requests: write`);
  if (e.status === 404) return new GitHubError(`no pull request ${t.owner}/${t.repo}#${t.pr} visible to this token (404)`);
  return new GitHubError(`GitHub request failed${e.status ? ` (${e.status})` : ''}: ${(e.message ?? String(err)).split('\n')[0]}`);
}

/** The body of the existing sticky comment, if any. */
export async function findStickyComment(t: PostTarget): Promise<{ id: number; body: string } | null> {
  try {
    const comments = await client(t).paginate(client(t).rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.pr, per_page: 100 });
    const found = comments.find((c) => (c.body ?? '').includes(COMMENT_MARKER));
    return found ? { id: found.id, body: found.body ?? '' } : null;
  } catch (err) {
    throw explain(err, t);
  }
}

export async function postStickyComment(t: PostTarget, body: string, existing: { id: number } | null): Promise<{ action: 'created' | 'updated'; id: number; url: string }> {
  const gh = client(t);
  try {
    if (existing) {
      const r = await gh.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: existing.id, body });
      return { action: 'updated', id: r.data.id, url: r.data.html_url };
    }
    const r = await gh.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.pr, body });
    return { action: 'created', id: r.data.id, url: r.data.html_url };
  } catch (err) {
    throw explain(err, t);
  }
}
