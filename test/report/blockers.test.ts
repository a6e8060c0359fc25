/** The Markdown and HTML reports lead with what stops the Alpine build and generate cannot fix. */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../cli/run.js';
import { repoWith } from '../helpers.js';

const blocked = repoWith({
  'setup.sh': '#!/bin/sh\ndpkg --add-architecture armhf\napt-get install -y curl libc6:armhf libstdc++6:armhf no-such-package-xyz\n',
  'big.bin': 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
});

describe('blockers first', () => {
  it('leads the Markdown report, grouped by rule with count, places and remedy, packages without an answer as one row', async () => {
    const md = (await runInProcess('scan', blocked, '--db', 'dist/default.db')).stdout;
    const at = md.indexOf('## Blockers first');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(md.indexOf('## Summary'));
    const section = md.slice(at, md.indexOf('## Summary'));
    expect(section).toMatch(/\| build \| A package installed for another architecture .* \| `shell\/multiarch-package` \| 2 \| setup\.sh:3 \| Cross-compile/);
    expect(section).toMatch(/\| build \| dpkg --add-architecture .* \| `shell\/add-architecture` \| 1 \| setup\.sh:2 \|/);
    expect(section).toMatch(/\| build \| A Git LFS pointer.* \| `scan\/lfs-pointer` \| 1 \| big\.bin \|/);
    expect(section).toMatch(/\| build \| Packages with no Alpine package found: no-such-package-xyz\. .* \|  \| 1 \| setup\.sh:3 \| Build each from source/);
    // curl has an answer, and an apt-get install generate rewrites is no blocker.
    expect(section).not.toMatch(/curl|shell\/apt-install/);
  });

  it('leads the HTML report too', async () => {
    const html = (await runInProcess('scan', blocked, '--db', 'dist/default.db', '--format', 'html')).stdout;
    expect(html.indexOf('id="blockers"')).toBeLessThan(html.indexOf('id="summary"'));
    expect(html).toMatch(/<td>build<\/td><td>dpkg --add-architecture/);
  });

  it('says when there is nothing of the kind, and what to run to be sure', async () => {
    const md = (await runInProcess('scan', repoWith({ 'ok.sh': '#!/bin/sh\napt-get install -y curl\n' }), '--db', 'dist/default.db')).stdout;
    expect(md).toMatch(/## Blockers first\n\nNothing found that stops the Alpine build and that `migrate generate` cannot fix\. Run the result with `migrate verify` to be sure\./);
  });
});
