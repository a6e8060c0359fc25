import { openDb } from '../db/database.js';
import { PackageMap } from '../db/lookup.js';
import { dbPathForRead } from './db-path.js';
import { EXIT, UsageError, type CliIo } from './io.js';

export function runLookup(packages: string[], opts: { db?: string; json: boolean }, io: CliIo): number {
  if (packages.length === 0) throw new UsageError('name at least one package, e.g. migrate lookup build-essential libssl3t64');
  const path = dbPathForRead(opts.db);
  let db;
  try {
    db = openDb(path, { readonly: true });
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.environment);
  }
  try {
    const map = new PackageMap(db);
    const answers = packages.map((p) => map.lookup(p));
    if (opts.json) {
      io.stdout(`${JSON.stringify(answers, null, 2)}\n`);
    } else {
      const width = Math.max(...answers.map((a) => a.debian.length + (a.arch ? a.arch.length + 1 : 0)));
      for (const a of answers) {
        const name = `${a.debian}${a.arch ? `:${a.arch}` : ''}`.padEnd(width);
        const target = a.alpine.length ? a.alpine.join(' ') : '-';
        io.stdout(`${name}  ${target}  [${a.status}, ${a.confidence}]  ${a.reason}\n`);
      }
      if (!map.indexLoaded) io.stderr('note: no Alpine index in this database; only curated answers can be more than low confidence (migrate db sync)\n');
    }
  } finally {
    db.close();
  }
  return EXIT.ok;
}
