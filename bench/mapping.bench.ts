/**
 * `npm run bench:mapping`: lookup accuracy on test/fixtures/mapping/labelled.tsv, in three modes:
 *   full        curated entries + naming rules + capabilities, checked against real Alpine indexes
 *   rules-only  the same with the curated entries of the labelled names removed (how rules generalise)
 *   no-index    curated + rules with no index loaded (what the built-in database answers offline)
 * Prints top-1 accuracy and how many answers were marked certain (high) but wrong. Goal: 95% right
 * in full mode, zero certain-but-wrong in every mode.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLabelled, score } from '../src/db/accuracy.js';
import { buildDb, openDb } from '../src/db/database.js';
import { importIndexFile } from '../src/db/import-file.js';
import { PackageMap } from '../src/db/lookup.js';
import { readTar } from '../src/archive/tar.js';
import { gunzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';

const pairs = readLabelled('test/fixtures/mapping/labelled.tsv');
const alpine = join('..', 'shared', 'alpine');
const indexes = ['APKINDEX-v3.22-main-x86_64.tar.gz', 'APKINDEX-v3.18-community-x86_64.tar.gz'].map((f) => join(alpine, 'indexes', f));
const haveIndexes = indexes.every(existsSync);

function keysDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrate-keys-'));
  const tar = readTar(gunzipSync(readFileSync(join(alpine, 'alpine-minirootfs-3.20.3-x86_64.tar.gz'))));
  for (const e of tar) {
    const name = e.name.replace(/^\.\//, '');
    if (name.startsWith('etc/apk/keys/') && e.type === '0') writeFileSync(join(dir, name.split('/').pop()!), e.data);
  }
  return dir;
}

/** The machine's own Debian Packages file, through apt's helper (apt lists are lz4-compressed). */
function debianPackages(): string | null {
  const lists = '/var/lib/apt/lists';
  if (!existsSync('/usr/lib/apt/apt-helper') || !existsSync(lists)) return null;
  const file = readdirSync(lists).find((f) => /_dists_[a-z]+_main_binary-[a-z0-9]+_Packages/.test(f));
  if (!file) return null;
  const out = join(mkdtempSync(join(tmpdir(), 'migrate-deb-')), 'Packages');
  writeFileSync(out, execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(lists, file)], { maxBuffer: 1 << 30 }));
  return out;
}
const debian = debianPackages();

async function makeDb(withIndex: boolean, dropCurated: boolean, withDebian = false) {
  const path = join(mkdtempSync(join(tmpdir(), 'migrate-acc-')), 'db');
  buildDb(path);
  const db = openDb(path);
  if (withIndex) {
    const keys = keysDir();
    for (const f of indexes) await importIndexFile(db, f, { keysDir: keys, allowUntrusted: false });
  }
  if (withDebian && debian) await importIndexFile(db, debian, { keysDir: '/nonexistent', allowUntrusted: false });
  if (dropCurated) {
    const del = db.prepare('DELETE FROM mappings WHERE debian = ?');
    for (const p of pairs) del.run(p.debian);
  }
  return db;
}

const modes: [string, boolean, boolean, boolean][] = [
  ['full', true, false, false],
  ['full+debian', true, false, true],
  ['rules-only', true, true, false],
  ['rules+debian', true, true, true],
  ['no-index', false, false, false],
];
console.log(`labelled pairs: ${pairs.length}`);
if (!haveIndexes) console.log('../shared/alpine/indexes is missing: only the no-index mode runs');
if (!debian) console.log("no Debian Packages file on this machine (apt lists): the +debian modes are skipped");
for (const [mode, withIndex, dropCurated, withDebian] of modes) {
  if (withIndex && !haveIndexes) continue;
  if (withDebian && !debian) continue;
  const db = await makeDb(withIndex, dropCurated, withDebian);
  const s = score(new PackageMap(db), pairs);
  db.close();
  console.log(`${mode.padEnd(13)} top-1 ${((100 * s.correct) / s.total).toFixed(1)}% (${s.correct}/${s.total})  certain-but-wrong ${s.certainWrong.length}  unknown ${s.unknown}`);
  if (process.env.VERBOSE) for (const w of s.wrong) console.log(`   ${w.pair.debian}: want ${w.pair.alpine ?? '-'}, got ${w.answer.alpine.join(' ') || '-'} [${w.answer.kind}, ${w.answer.confidence}] ${w.answer.reason}`);
  for (const w of s.certainWrong) console.log(`   CERTAIN BUT WRONG ${w.pair.debian}: want ${w.pair.alpine ?? '-'}, got ${w.answer.alpine.join(' ') || '-'}`);
}
