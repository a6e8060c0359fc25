import { DEFAULT_RELEASE } from '../convert/project.js';
import { existsSync } from 'node:fs';
import type { Argv } from 'yargs';
import { IndexError } from '../db/apkindex.js';
import { MappingFileError } from '../db/curated.js';
import { buildDb, dbStats, DbError, importLibcSymbols, openDb } from '../db/database.js';
import { MuslImportError, readGcompatTable, readMuslTable, type MuslTable } from '../elf/musl-import.js';
import type { LibcLibrary } from '../elf/libc-table.js';
import { ElfError } from '../elf/parse.js';
import { PackagesError } from '../db/debian-packages.js';
import { ImportError, importIndexFile } from '../db/import-file.js';
import { DEFAULT_MIRROR, SyncError, syncIndexes } from '../db/sync.js';
import { dbPathForRead, dbPathForWrite } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';

const KNOWN_ERRORS = [IndexError, ImportError, PackagesError, SyncError, DbError, MappingFileError, MuslImportError, ElfError];

/** Turns the errors of bad input files into one-line usage errors; anything else is a bug. */
async function guarded<T>(fn: () => Promise<T> | T, exitCode: number = EXIT.usage): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (KNOWN_ERRORS.some((E) => err instanceof E)) throw new UsageError((err as Error).message, exitCode);
    throw err;
  }
}

/** Creates the write database from mappings/ first when it does not exist yet. */
function ensureWritable(path: string, io: CliIo): void {
  if (!existsSync(path)) {
    buildDb(path);
    io.stderr(`created ${path} from mappings/\n`);
  }
}

function trustOf(args: { keys: string; 'allow-untrusted': boolean }, signed = true) {
  // Only APKINDEX files are signed; Packages files and the apk installed database need no keys
  // (an index under another name still meets the signature check, which refuses it without keys).
  if (signed && !args['allow-untrusted'] && !existsSync(args.keys)) {
    throw new UsageError(`no key directory ${args.keys}: pass --keys DIR holding Alpine's *.rsa.pub keys (any Alpine root has them in etc/apk/keys), or --allow-untrusted`);
  }
  return { keysDir: args.keys, allowUntrusted: args['allow-untrusted'] };
}

export function dbCommands(y: Argv, io: CliIo, setCode: (n: number) => void): Argv {
  const dbOpt = { type: 'string' as const, describe: 'Database file (default: $MIGRATE_DB, else ~/.local/share/migrate/migrate.db)' };
  const trustOpts = (b: Argv) =>
    b
      .option('keys', { type: 'string', default: '/etc/apk/keys', describe: 'Directory of Alpine signing keys (*.rsa.pub)' })
      .option('allow-untrusted', { type: 'boolean', default: false, describe: 'Import an unsigned index, or one signed by an unknown key' });
  /** `db import-musl` / `db import-gcompat`: read the table from the user's file, replace that architecture's. */
  const libcImport = (library: LibcLibrary, describe: string, read: (path: string) => MuslTable) =>
    [
      `import-${library} <path>`,
      describe,
      (b: Argv) => b.positional('path', { type: 'string', demandOption: true }).option('db', dbOpt).option('json', { type: 'boolean', default: false }),
      async (argv: unknown) => {
        const args = argv as { path: string; db?: string; json: boolean };
        const path = dbPathForWrite(args.db);
        const table = await guarded(() => read(args.path));
        await guarded(() => ensureWritable(path, io));
        const db = await guarded(() => openDb(path));
        try {
          importLibcSymbols(db, library, table.arch, table.symbols, `${library} (imported), from ${table.source}`);
        } finally {
          db.close();
        }
        io.stdout(args.json ? `${JSON.stringify({ db: path, arch: table.arch, symbols: table.symbols.length, source: table.source })}\n` : `imported ${table.symbols.length} ${library} symbols for ${table.arch} from ${table.source}\n`);
        setCode(EXIT.ok);
      },
    ] as const;
  return y
    .command(
      'build',
      'Build (or refresh) the curated tables from mappings/; imported indexes are kept',
      (b) => b.option('db', dbOpt).option('json', { type: 'boolean', default: false }),
      async (args) => {
        const path = dbPathForWrite(args.db);
        const r = await guarded(() => buildDb(path));
        if (r.replacedOldSchema) io.stderr(`migrate: note: ${path} was a database of an older schema; it was rebuilt, so import or sync its indexes again\n`);
        io.stdout(args.json ? `${JSON.stringify({ db: path, ...r })}\n` : `built ${path}: ${r.mappings} curated mappings, ${r.rules} naming rules, ${r.capabilities} capabilities, catalogues ${r.catalogues.join(', ') || 'none'}\n`);
        setCode(EXIT.ok);
      },
    )
    .command(
      'import <files..>',
      'Import APKINDEX.tar.gz files, an apk installed database, or Debian Packages files (plain, .gz, .xz)',
      (b) => trustOpts(b.positional('files', { type: 'string', array: true, demandOption: true }).option('db', dbOpt).option('label', { type: 'string', describe: 'Name for the source (default: the file name); re-importing a label replaces it' }).option('json', { type: 'boolean', default: false })),
      async (argv) => {
        const args = argv as unknown as { db?: string; files: string[]; label?: string; json: boolean; keys: string; 'allow-untrusted': boolean };
        const path = dbPathForWrite(args.db);
        const trust = trustOf(args, args.files.some((f) => /APKINDEX|\.tar\.gz$/i.test(f)));
        await guarded(() => ensureWritable(path, io));
        const db = await guarded(() => openDb(path));
        try {
          const results = [];
          for (const f of args.files as string[]) {
            const r = await guarded(() => importIndexFile(db, f, trust, args.files.length === 1 ? args.label : undefined));
            results.push(r);
            if (!args.json) io.stdout(`imported ${f}: ${r.records} ${r.kind === 'packages' ? 'Debian' : 'Alpine'} packages as ${r.label}${r.signedBy ? ` (signature verified: ${r.signedBy})` : r.kind === 'apkindex' ? ' (UNTRUSTED: signature not verified)' : ''}\n`);
          }
          if (args.json) io.stdout(`${JSON.stringify(results, null, 2)}\n`);
        } finally {
          db.close();
        }
        setCode(EXIT.ok);
      },
    )
    .command(
      'sync',
      'Download and import the APKINDEX of each repository of an Alpine release (needs the network)',
      (b) =>
        trustOpts(
          b
            .option('release', { type: 'string', default: DEFAULT_RELEASE, describe: 'Alpine release, e.g. 3.22 or edge' })
            .option('arch', { type: 'string', default: 'x86_64', describe: 'Architecture, e.g. x86_64, aarch64, armv7' })
            .option('repos', { type: 'array', string: true, default: ['main', 'community'], describe: 'Repositories' })
            .option('mirror', { type: 'string', default: DEFAULT_MIRROR, describe: 'Mirror base URL' })
            .option('db', dbOpt)
            .option('json', { type: 'boolean', default: false }),
        ),
      async (argv) => {
        const args = argv as unknown as { db?: string; release: string; arch: string; repos: string[]; mirror: string; json: boolean; keys: string; 'allow-untrusted': boolean };
        const path = dbPathForWrite(args.db);
        const trust = trustOf(args);
        await guarded(() => ensureWritable(path, io));
        const db = await guarded(() => openDb(path));
        try {
          const results = await guarded(() => syncIndexes(db, { mirror: args.mirror, release: args.release, arch: args.arch, repos: args.repos, trust }), EXIT.environment);
          io.stdout(args.json ? `${JSON.stringify(results, null, 2)}\n` : results.map((r) => `imported ${r.label}: ${r.records} packages (${r.signedBy ? `signed by ${r.signedBy}` : 'UNTRUSTED'})\n`).join(''));
        } finally {
          db.close();
        }
        setCode(EXIT.ok);
      },
    )
    // musl and gcompat tables: the same import, from their own files.
    .command(...libcImport('musl', "Import musl's exported symbols from an Alpine root, a minirootfs .tar.gz or an ld-musl-*.so.1 (replaces the embedded table of its architecture)", readMuslTable))
    .command(...libcImport('gcompat', "Import gcompat's exported symbols from a libgcompat.so.0 or an Alpine root that has one (replaces the embedded gcompat 1.1.0 table for its architecture)", readGcompatTable))
    .command(
      'stats',
      'What the database holds: curated mappings by kind, rules, the package catalogues with their dates',
      (b) => b.option('db', { type: 'string', describe: 'Database file' }).option('json', { type: 'boolean', default: false }),
      async (args) => {
        const path = dbPathForRead(args.db);
        const db = await guarded(() => openDb(path, { readonly: true }));
        try {
          const s = dbStats(db);
          if (args.json) io.stdout(`${JSON.stringify({ db: path, ...s }, null, 2)}\n`);
          else {
            const total = Object.values(s.mappings).reduce((a, b) => a + b, 0);
            io.stdout(`database ${path} (schema ${s.schemaVersion})\n`);
            io.stdout(`curated mappings: ${total} (${Object.entries(s.mappings).map(([k, n]) => `${k} ${n}`).join(', ')})\n`);
            io.stdout(`naming rules: ${s.namingRules}; Debian capabilities: ${s.debianCapabilities}\n`);
            io.stdout(`Alpine packages: ${s.alpinePackages}; Debian packages: ${s.debianPackages}\n`);
            for (const t of s.libcTables) io.stdout(`${t.library} symbols for ${t.arch}: ${t.symbols} (${t.source})\n`);
            io.stdout('catalogues (embedded snapshots and imports):\n');
            for (const src of s.sources) io.stdout(`  ${src.distro} ${src.kind} ${src.label}: ${src.records} packages${src.date ? `, as of ${src.date}` : ''}${src.description ? ` (${src.description.split(';')[0]})` : ''}${src.signedBy ? `, signed by ${src.signedBy}` : ''}\n`);
            if (s.sources.length === 0) io.stdout('  none: no answer can be checked; run `migrate db build` (embedded catalogues), `db sync` or `db import`\n');
          }
        } finally {
          db.close();
        }
        setCode(EXIT.ok);
      },
    )
    .demandCommand(1, 'Name a db command: build, import, import-musl, import-gcompat, sync or stats.');
}
