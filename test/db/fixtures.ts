import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../../src/archive/tar.js';
import { buildDb } from '../../src/db/database.js';
import { ALPINE } from '../support.js';

/** Extracts etc/apk/keys and lib/apk/db/installed from the real x86_64 minirootfs, with our own tar reader. */
export function rootfsFiles(arch = 'x86_64'): { keysDir: string; installed: string } {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-rootfs-'));
  const tar = readTar(gunzipSync(readFileSync(join(ALPINE, `alpine-minirootfs-3.20.3-${arch}.tar.gz`))));
  const keysDir = join(dir, 'keys');
  mkdirSync(keysDir);
  for (const e of tar) {
    const name = e.name.replace(/^\.\//, '');
    if (name.startsWith('etc/apk/keys/') && e.type === '0') writeFileSync(join(keysDir, name.slice('etc/apk/keys/'.length)), e.data);
    if (name === 'lib/apk/db/installed') writeFileSync(join(dir, 'installed'), e.data);
  }
  return { keysDir, installed: join(dir, 'installed') };
}

const templates = new Map<boolean, string>();

/**
 * A new database as `migrate db build` writes it: with the embedded catalogues, or (`catalogues:
 * false`) with the curated tables only. Built once per test file and copied, since loading the
 * catalogues takes seconds.
 */
export function freshDb(opts: { catalogues?: boolean } = {}): string {
  const withCatalogues = opts.catalogues !== false;
  let template = templates.get(withCatalogues);
  if (!template) {
    template = join(mkdtempSync(join(tmpdir(), 'migrate-db-template-')), 'template.db');
    buildDb(template, { catalogues: withCatalogues });
    templates.set(withCatalogues, template);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'migrate-db-')), 'test.db');
  copyFileSync(template, path);
  return path;
}
