/**
 * `npm run snapshot:catalogue`: derives mappings/catalogue/ from real indexes.
 *   Alpine: every signed APKINDEX.tar.gz in ../shared/alpine/indexes/, its signature checked with
 *           the keys of the minirootfs tarballs there (an unverified index is refused).
 *   Debian: this machine's apt lists for Debian 12 (bookworm, bookworm-updates, bookworm-security
 *           main Packages; `apt-get update`) and bookworm main's Contents (`apt-file update`),
 *           read through apt's own helper, since apt keeps them lz4-compressed.
 * What the Debian table keeps of Contents is only what an Alpine catalogue also names: sonames
 * (so:), commands (cmd:), pkg-config files (pc:), and the top-level modules of python3-* packages
 * (py3:), so the table stays small. Run it when the indexes change; commit what it writes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gunzipSync } from 'node:zlib';
import { readTar } from '../src/archive/tar.js';
import { loadApkIndex } from '../src/db/apkindex.js';
import { alpineRow, debianRow, formatCatalogue, type DebianRow } from '../src/db/catalogue.js';
import { parsePackages, TRANSITIONAL, type DebianRecord } from '../src/db/debian-packages.js';
import { sha256 } from '../src/elf/libc-table.js';

const shared = process.argv[2] ?? join('..', 'shared', 'alpine');
const out = join('mappings', 'catalogue');
const lists = '/var/lib/apt/lists';
const today = new Date().toISOString().slice(0, 10);
mkdirSync(out, { recursive: true });

// The keys Alpine signs with, as the minirootfs tarballs ship them in etc/apk/keys.
const keys = mkdtempSync(join(tmpdir(), 'migrate-keys-'));
for (const f of readdirSync(shared).filter((f) => /^alpine-minirootfs-.*\.tar\.gz$/.test(f))) {
  for (const e of readTar(gunzipSync(readFileSync(join(shared, f))))) {
    if (/(^|\/)etc\/apk\/keys\/[^/]+\.rsa\.pub$/.test(e.name) && e.type === '0') writeFileSync(join(keys, e.name.split('/').pop()!), e.data);
  }
}

const alpineNames = { so: new Set<string>(), cmd: new Set<string>(), pc: new Set<string>() };
const indexDir = join(shared, 'indexes');
for (const f of readdirSync(indexDir).filter((f) => f.endsWith('.tar.gz')).sort()) {
  const m = /^APKINDEX-v(\d+\.\d+|edge)-([a-z]+)-([a-z0-9_]+)\.tar\.gz$/.exec(f);
  if (!m) throw new Error(`${f}: expected APKINDEX-v<release>-<branch>-<arch>.tar.gz`);
  const [, release, branch, arch] = m;
  const bytes = readFileSync(join(indexDir, f));
  const idx = loadApkIndex(bytes, { keysDir: keys, allowUntrusted: false });
  if (!idx.signedBy) throw new Error(`${f}: not verified`);
  const newest = idx.records.reduce((n, r) => Math.max(n, r.built ?? 0), 0);
  const rows = idx.records
    .map((r) => ({ ...r, depends: r.depends.filter((d) => !d.startsWith('!')) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const r of rows) for (const p of r.provides) {
    const [kind, name] = [p.slice(0, p.indexOf(':')), p.slice(p.indexOf(':') + 1)];
    if (kind === 'so' || kind === 'cmd' || kind === 'pc') alpineNames[kind].add(name);
  }
  const text = formatCatalogue(
    { distro: 'alpine', label: `v${release}/${branch}/${arch}`, release: release!, branch: branch!, arch: arch!, description: idx.description, source: `${f} (sha256 ${sha256(bytes)})`, signedBy: idx.signedBy, date: new Date(newest * 1000).toISOString().slice(0, 10), derived: today },
    [`Alpine ${release} ${branch} ${arch}: every package of the signed index, as apk names it (npm run snapshot:catalogue).`, 'Versions of provides and depends are dropped; a "!" depends (a conflict) is left out.'],
    'name, version, origin (- when the name), provides, depends',
    rows.map((r) => alpineRow(r)),
  );
  writeFileSync(join(out, `alpine-v${release}-${branch}-${arch}.tsv`), text);
  console.log(`alpine v${release} ${branch} ${arch}: ${rows.length} packages (${idx.description}, signed by ${idx.signedBy})`);
}

/** An apt list file's text, through apt's helper (it reads lz4, gz, xz and plain alike). */
function aptList(file: string): string {
  return execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(lists, file)], { maxBuffer: 1 << 30 }).toString('utf8');
}

function releaseDate(suite: string): string {
  const text = readFileSync(join(lists, `deb.debian.org_debian${suite === 'bookworm-security' ? '-security' : ''}_dists_${suite}_InRelease`), 'utf8');
  return `${suite} ${/^Version: (.+)$/m.exec(text)?.[1] ?? ''} ${/^Date: (.+)$/m.exec(text)?.[1] ?? ''}`.replace(/\s+/g, ' ').trim();
}

const suites = ['bookworm', 'bookworm-updates', 'bookworm-security'];
const packages = new Map<string, DebianRecord>();
const sources: string[] = [];
for (const suite of suites) {
  const file = `deb.debian.org_debian${suite === 'bookworm-security' ? '-security' : ''}_dists_${suite}_main_binary-amd64_Packages.lz4`;
  const text = aptList(file);
  sources.push(`${suite} main binary-amd64 Packages (sha256 ${sha256(Buffer.from(text))})`);
  for (const r of parsePackages(text)) packages.set(r.name, r); // the later suites hold the newer versions
}

// Contents: "path<spaces>section/package,section/package".
const ships = new Map<string, Set<string>>();
const ownFiles = new Set<string>();
const LIBDIR = /^(usr\/)?lib(64)?(\/x86_64-linux-gnu)?\/(lib[^/]*\.so(\.[0-9][^/]*)?)$/;
const BINDIR = /^(usr\/)?s?bin\/([^/]+)$/;
const PCDIR = /^usr\/(lib\/x86_64-linux-gnu|lib|share)\/pkgconfig\/([^/]+)\.pc$/;
const PYDIR = /^usr\/lib\/python3\/dist-packages\/([A-Za-z_][A-Za-z0-9_]*)(\/|\.py$|\.cpython-[^/]*\.so$|\.abi3\.so$)/;
const DOC = /^usr\/share\/(doc|doc-base|lintian|bug)\//;
function add(pkg: string, name: string): void {
  const set = ships.get(pkg);
  if (set) set.add(name);
  else ships.set(pkg, new Set([name]));
}
async function readContents(file: string): Promise<string> {
  const child = spawn('/usr/lib/apt/apt-helper', ['cat-file', join(lists, file)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const hash = createHash('sha256');
  child.stdout.on('data', (c: Buffer) => hash.update(c));
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    const m = /^(.*\S)\s+(\S+)$/.exec(line);
    if (!m) continue;
    const [, path, owners] = m;
    const so = LIBDIR.exec(path!)?.[4];
    const cmd = BINDIR.exec(path!)?.[2];
    const pc = PCDIR.exec(path!)?.[2];
    const py = PYDIR.exec(path!)?.[1];
    const real = !DOC.test(path!);
    for (const owner of owners!.split(',')) {
      const pkg = owner.slice(owner.lastIndexOf('/') + 1);
      if (real) ownFiles.add(pkg);
      if (so && alpineNames.so.has(so)) add(pkg, `so:${so}`);
      if (cmd && alpineNames.cmd.has(cmd)) add(pkg, `cmd:${cmd}`);
      if (pc && alpineNames.pc.has(pc)) add(pkg, `pc:${pc}`);
      if (py && py !== '__pycache__' && pkg.startsWith('python3-')) add(pkg, `py3:${py}`);
    }
  }
  return hash.digest('hex');
}
for (const file of ['deb.debian.org_debian_dists_bookworm_main_Contents-amd64.lz4', 'deb.debian.org_debian_dists_bookworm_main_Contents-all.lz4']) {
  sources.push(`${file.replace(/^deb\.debian\.org_debian_dists_/, '').replace(/_/g, ' ').replace(/\.lz4$/, '')} (sha256 ${await readContents(file)})`);
}

const rows: DebianRow[] = [...packages.values()]
  .sort((a, b) => (a.name < b.name ? -1 : 1))
  .map((r) => ({
    name: r.name,
    source: r.source,
    provides: [...new Set(r.provides)],
    // A package with no files of its own only stands for what it depends on.
    depends: !ownFiles.has(r.name) || TRANSITIONAL.test(r.description) ? [...new Set(r.depends)] : [],
    ships: [...(ships.get(r.name) ?? [])].sort(),
  }));
const text = formatCatalogue(
  { distro: 'debian', label: 'debian-12/main/amd64', release: '12', branch: 'main', arch: 'amd64', description: suites.map(releaseDate).join('; '), source: sources.join('; '), signedBy: 'Debian archive keys (apt verified the InRelease files)', date: releaseDate('bookworm').replace(/^.*?(\d{1,2} \w{3} \d{4}).*$/, '$1'), derived: today },
  [
    'Debian 12 (bookworm) main, amd64 and all: every binary package with its source (npm run snapshot:catalogue).',
    'depends is kept only for packages that ship no files beyond docs, or that call themselves transitional or metapackages.',
    'ships holds what the package ships that an Alpine catalogue here also names: so:, cmd:, pc:; py3: the top-level modules of python3-* packages.',
  ],
  'name, source (- when the name), provides, depends, ships',
  rows.map(debianRow),
);
writeFileSync(join(out, 'debian-12-main-amd64.tsv'), text);
console.log(`debian 12 main amd64: ${rows.length} packages, ${rows.filter((r) => r.ships.length).length} with ships, ${rows.filter((r) => r.depends.length).length} standing for their depends`);
