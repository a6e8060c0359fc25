import { DEFAULT_RELEASE } from '../convert/project.js';
import { openDb } from '../db/database.js';
import { PackageMap } from '../db/lookup.js';
import { dbPathForRead } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { checkRelease } from './repo.js';

export interface LookupOptions {
  db?: string;
  json: boolean;
  release?: string;
  arch?: string;
}

export function runLookup(packages: string[], opts: LookupOptions, io: CliIo): number {
  if (packages.length === 0) throw new UsageError('name at least one package, e.g. migrate lookup build-essential libssl3t64');
  const release = (opts.release ?? DEFAULT_RELEASE).replace(/^v/, '');
  checkRelease(release, io, opts.release !== undefined);
  const arch = opts.arch ?? 'x86_64'; // --arch is checked by its choices
  const path = dbPathForRead(opts.db);
  let db;
  try {
    db = openDb(path, { readonly: true });
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.environment);
  }
  try {
    const map = new PackageMap(db, { release, arch });
    const catalogue = map.indexLoaded ? map.catalogue : null;
    const answers = packages.map((p) => ({ ...map.lookup(p), target: `${release}/${arch}`, catalogue }));
    if (opts.json) {
      io.stdout(`${JSON.stringify(answers, null, 2)}\n`);
    } else {
      io.stderr(`checked against ${catalogue ?? 'no Alpine catalogue'} for Alpine ${release} ${arch}${map.chosen.gaps.length ? `; ${map.chosen.gaps.join('; ')}` : ''}\n`);
      const width = Math.max(...answers.map((a) => a.debian.length + (a.arch ? a.arch.length + 1 : 0)));
      for (const a of answers) {
        const name = `${a.debian}${a.arch ? `:${a.arch}` : ''}`.padEnd(width);
        const target = a.alpine.length ? a.alpine.join(' ') : '-';
        io.stdout(`${name}  ${target}  [${a.status}, ${a.confidence}]  ${a.reason}\n`);
      }
      if (!map.indexLoaded) io.stderr('note: no Alpine catalogue in this database, so no answer is checked (migrate db build, db sync or db import)\n');
    }
  } finally {
    db.close();
  }
  return EXIT.ok;
}
