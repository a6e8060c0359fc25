/**
 * Which database a command uses. Reads: --db, else $MIGRATE_DB, else the user's database if one
 * was created by an import, else the default database built into the package at install time.
 * Writes (build, import, sync) never touch the packaged default: they go to --db, $MIGRATE_DB or
 * the user's database.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/database.js';
import { packageRoot } from '../paths.js';
import { EXIT, UsageError } from './io.js';

export function packagedDbPath(): string {
  return join(packageRoot(), 'dist', 'default.db');
}

export function userDbPath(): string {
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'migrate', 'migrate.db');
}

export function dbPathForRead(flag: string | undefined): string {
  if (flag) return flag;
  if (process.env.MIGRATE_DB) return process.env.MIGRATE_DB;
  const user = userDbPath();
  return existsSync(user) ? user : packagedDbPath();
}

export function dbPathForWrite(flag: string | undefined): string {
  return flag || process.env.MIGRATE_DB || userDbPath();
}

/** Opens the database a command reads; a missing or unreadable one is a one-line error (exit 3). */
export function openDbForRead(flag: string | undefined): ReturnType<typeof openDb> {
  try {
    return openDb(dbPathForRead(flag), { readonly: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message} (the default database is built by npm install; or pass --db PATH)`, EXIT.environment);
  }
}
