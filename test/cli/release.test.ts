/** --release takes the releases mappings/alpine-releases.tsv knows, and says when one is past its support. */
import { describe, expect, it } from 'vitest';
import { runInProcess } from './run.js';
import { endOfLife, releaseProblem, supportedReleases } from '../../src/knowledge/alpine-releases.js';

const run = runInProcess;

describe('Alpine releases', () => {
  const december2026 = new Date('2026-12-02T00:00:00Z');
  it('in December 2026, 3.22 to 3.24 are supported; 3.20 and 3.21 are past their end', () => {
    expect(supportedReleases(december2026)).toEqual(['3.22', '3.23', '3.24']);
    expect(endOfLife('3.20', december2026)).toBe('Alpine 3.20 reached its end of support in 2026-04; supported now: 3.22, 3.23, 3.24');
    expect(endOfLife('3.21', december2026)).toMatch(/^Alpine 3\.21 reached its end of support in 2026-11/);
    expect([endOfLife('3.22', december2026), endOfLife('edge', december2026)]).toEqual([null, null]);
  });

  it('a value that names no release is a usage error; v3.22 and edge are fine', async () => {
    expect([releaseProblem('v3.22'), releaseProblem('edge')]).toEqual([null, null]);
    const r = await run('scan', 'examples/ubuntu-image', '--release', '9.99');
    expect([r.code, r.stderr]).toEqual([2, 'migrate: --release 9.99: not an Alpine release this tool knows (3.17–3.24, or edge; mappings/alpine-releases.tsv)\n']);
    const g = await run('generate', 'examples/ubuntu-image', '--release', '3.2O', '--dry-run');
    expect(g.code).toBe(2);
  });

  it('every report says until when its release is supported, as a fact of the table', async () => {
    const r = await run('scan', 'examples/ubuntu-image', '--release', '3.22', '--json');
    expect(JSON.parse(r.stdout).target.releaseHow).toBe('--release; supported until 2027-05');
  });
});
