import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface IndexDatabase {
  /** Drizzle over the connection, for typed queries. */
  db: Db;
  /** The raw connection, for prepared hot-path statements and FTS. */
  sqlite: Database.Database;
  path: string;
  close(): void;
}

/**
 * Migrations sit beside this module in the source tree and are copied next to
 * the bundle by the build (out/main/migrations), so both resolve here.
 */
export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Source: beside this file. Bundle: out/main/, or out/main/chunks/ when split.
  for (const candidate of [join(here, 'migrations'), join(here, '..', 'migrations')]) {
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
  }
  throw new Error(`Database migrations not found beside ${here}; rebuild the app (npm run build).`);
}

export interface OpenOptions {
  /** better-sqlite3's compiled addon to load instead of its default (an Electron-ABI build in the app). */
  nativeBinding?: string;
}

/** Opens (creating if needed) the index at `path`, sets pragmas, applies migrations. */
export function openDatabase(path: string, options: OpenOptions = {}): IndexDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -32000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: migrationsFolder() });
  return {
    db,
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
