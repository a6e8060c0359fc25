import { DEFAULT_RELEASE } from '../../src/convert/project.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toolVersion } from '../../src/cli/main.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { answerPackages } from '../../src/db/annotate.js';
import { loadLibcTables, openDb } from '../../src/db/database.js';
import { PackageMap } from '../../src/db/lookup.js';
import { scan } from '../../src/scan/scanner.js';

// The committed reports are the example's parity report; they must equal a fresh run.
// After an intended change: npm run build && npm run reports:update, then review the diff.
// The built-in database (dist/default.db, built by `npm test` before vitest runs) gives the Alpine column.
describe('committed reports of examples/ubuntu-image', async () => {
  const db = openDb('dist/default.db', { readonly: true });
  // As the CLI scans: with the database's musl and gcompat tables.
  const result = await scan('examples/ubuntu-image', { libc: loadLibcTables(db, DEFAULT_RELEASE) });
  const answers = answerPackages(result, new PackageMap(db, result.target));
  db.close();

  it('reports/ubuntu-image.md is current', () => {
    expect(renderMarkdown(result, 'ubuntu-image', answers)).toBe(readFileSync('reports/ubuntu-image.md', 'utf8'));
  });

  it('reports/ubuntu-image.json is current', () => {
    expect(renderJson(result, 'ubuntu-image', toolVersion(), answers)).toBe(readFileSync('reports/ubuntu-image.json', 'utf8'));
  });

  it('lists every package the example installs, with file and line', () => {
    expect(result.packages.map((p) => `${p.file}:${p.line} ${p.name}${p.arch ? `:${p.arch}` : ''}`)).toEqual([
      'Dockerfile.image:7 build-essential',
      'Dockerfile.image:9 ccache',
      'Dockerfile.image:10 pkg-config',
      'Dockerfile.image:13 cmake',
      'Dockerfile.image:23 python3',
      'Dockerfile.image:23 python3-dev',
      'Dockerfile.image:29 vendor',
      'userspace/base_setup.sh:5 curl',
      'userspace/base_setup.sh:5 sudo',
      'userspace/base_setup.sh:5 wget',
      'userspace/base_setup.sh:7 network-manager',
      'userspace/base_setup.sh:8 iptables-persistent',
      'userspace/base_setup.sh:9 libglib2.0-0t64',
      'userspace/base_setup.sh:18 locales',
      'userspace/base_setup.sh:18 systemd',
      'userspace/base_setup.sh:19 libc6:armhf',
      'userspace/base_setup.sh:19 libstdc++6:armhf',
      'userspace/base_setup.sh:19 zlib1g',
      'userspace/base_setup.sh:22 htop',
      'userspace/base_setup.sh:22 jq',
      'userspace/compile-tool.sh:3 git',
      'userspace/compile-tool.sh:3 libssl-dev',
      'userspace/extras.sh:10 libjson-c2',
      'userspace/extras.sh:11 avahi-daemon',
    ]);
  });
});

describe('every reported line holds what it reports', () => {
  it('each package is named on the line the scan gives for it', async () => {
    const { readFileSync: read } = await import('node:fs');
    const result = await scan('examples/ubuntu-image');
    const misplaced = result.packages.filter((p) => {
      const line = read(`examples/ubuntu-image/${p.file}`, 'utf8').split('\n')[p.line - 1] ?? '';
      const named = p.source === 'local-deb' ? (p.path ?? p.name) : p.name;
      // Packages from a variable are reported where the variable's value names them.
      return !line.includes(named.slice(named.lastIndexOf('/') + 1));
    });
    expect(misplaced).toEqual([]);
  });
});
