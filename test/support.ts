/**
 * Tests that need ../shared or a system tool: skipped with a printed reason on a user's machine,
 * failed in CI (CI=true), so CI always runs them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SHARED = resolve(process.cwd(), '..', 'shared');
export const ALPINE = join(SHARED, 'alpine');
export const INDEXES = join(ALPINE, 'indexes');

export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns true when the requirement is met. When it is not: in CI throws (so the suite fails),
 * elsewhere prints why the tests that need it are skipped and returns false.
 */
export function need(what: string, ok: boolean): boolean {
  if (ok) return true;
  if (process.env.CI) throw new Error(`CI needs ${what}, which is missing`);
  console.warn(`skipping: ${what} is missing`);
  return false;
}

export function needShared(...paths: string[]): boolean {
  const missing = [SHARED, ...paths.map((p) => join(SHARED, p))].filter((p) => !existsSync(p));
  return need(`../shared (${missing.join(', ')})`, missing.length === 0);
}
