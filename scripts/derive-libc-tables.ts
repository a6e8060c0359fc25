/**
 * `npm run snapshot:libc`: derives mappings/libc/ from the real files in ../shared/alpine/: musl's
 * exports from each minirootfs's lib/ld-musl-*.so.1 (its version from the tarball's own apk
 * database), gcompat's from the libgcompat.so.0 built from its source. Run it when those change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportedSymbols, formatTable, sha256, tarMember, type LibcTable } from '../src/elf/libc-table.js';

const shared = process.argv[2] ?? join('..', 'shared', 'alpine');
const out = join('mappings', 'libc');
const today = new Date().toISOString().slice(0, 10);

for (const arch of ['x86_64', 'aarch64']) {
  const tarball = `alpine-minirootfs-3.20.3-${arch}.tar.gz`;
  const path = join(shared, tarball);
  const lib = tarMember(path, /(^|\/)lib\/ld-musl-[^/]*\.so\.1$/);
  const db = tarMember(path, /(^|\/)lib\/apk\/db\/installed$/);
  if (!lib || !db) throw new Error(`${path}: no lib/ld-musl-*.so.1 or lib/apk/db/installed`);
  const version = /^P:musl\nV:([^\n-]+)/m.exec(db.data.toString('utf8'))?.[1];
  if (!version) throw new Error(`${path}: its apk database names no musl version`);
  const { arch: found, symbols } = exportedSymbols(lib.data, `${tarball}:${lib.name}`, 500);
  if (found !== arch) throw new Error(`${tarball}: ${lib.name} is ${found}, not ${arch}`);
  const table: LibcTable = {
    library: 'musl', version, arch, appliesTo: [arch], source: `${tarball} (sha256 ${sha256(readFileSync(path))}), member ${lib.name}`, sha256: sha256(lib.data), derived: today,
    note: 'musl is the loader and libc in one file; what its loader resolves beyond these is mappings/musl-abi.tsv.', symbols,
  };
  writeFileSync(join(out, `musl-${version}-${arch}.txt`), formatTable(table));
  console.log(`musl ${version} ${arch}: ${symbols.length} symbols`);
}

const gcompat = join(shared, 'gcompat-1.1.0', 'libgcompat.so.0');
const bytes = readFileSync(gcompat);
const { arch, symbols } = exportedSymbols(bytes, gcompat, 100);
writeFileSync(join(out, `gcompat-1.1.0-${arch}.txt`), formatTable({
  library: 'gcompat', version: '1.1.0', arch, appliesTo: ['x86_64', 'aarch64'], source: 'gcompat-1.1.0/libgcompat.so.0, built from gcompat 1.1.0 with musl-gcc (gcompat-1.1.0/README.md)', sha256: sha256(bytes), derived: today,
  note: "The x86_64 build: aarch64 verdicts use it too, taking gcompat to export the same functions there (no aarch64 build here to measure).\nAlpine's package also links musl-obstack and libucontext: their functions are not in this build (mappings/gcompat-unmeasured.tsv).",
  symbols,
}));
console.log(`gcompat 1.1.0 (${arch} build): ${symbols.length} symbols`);
