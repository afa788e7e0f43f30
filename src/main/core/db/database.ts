import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError, storageError } from '../errors';
import { explainLoadError } from './native-binding';
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
 * Where the migrations may sit for a module in `here`: beside it (the source
 * tree; out/main/ in the bundle, where the build copies them) or one level up
 * (a bundle chunk in out/main/chunks/). Packaged, `here` is inside app.asar,
 * which Electron reads like a folder.
 */
export function migrationCandidates(here: string): string[] {
  return [join(here, 'migrations'), join(here, '..', 'migrations')];
}

export function migrationsFolder(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of migrationCandidates(here)) {
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
  }
  throw new Error(`Database migrations not found beside ${here}; rebuild the app (npm run build).`);
}

export interface OpenDatabaseOptions {
  /**
   * better-sqlite3's compiled module for this runtime (see native-binding.ts):
   * undefined under Node, the Electron build's path under Electron.
   */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) the index at `path`, sets pragmas, applies
 * migrations. A folder, a file that is not a database, a full or read-only
 * disk are AppErrors that say so (core/errors.ts storageError).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): IndexDatabase {
  if (path !== ':memory:') {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw new AppError('INVALID_INPUT', `${path} is a folder: the library is a file (e.g. ${join(path, 'library.db')}).`);
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw storageError(error, path) ?? error;
    }
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { nativeBinding: options.nativeBinding });
  } catch (error) {
    throw storageError(error, path) ?? explainLoadError(error, options.nativeBinding);
  }
  let db: Db;
  try {
    // The timeout first: switching a new file to WAL waits for a process creating it at the same time.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma('cache_size = -32000');
    db = drizzle(sqlite, { schema });
    applyMigrations(sqlite, migrationsFolder());
  } catch (error) {
    sqlite.close();
    throw storageError(error, path) ?? error;
  }
  return {
    db,
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}

/**
 * drizzle's migrations, applied as its migrator does (same files, same
 * __drizzle_migrations bookkeeping, so every index made before reads the
 * same) but under the write lock from the read of what is applied on.
 * drizzle's reads before it takes the lock: two processes opening a new
 * index at once (two CLI commands, the app and the CLI) both applied them
 * and the second failed on "CREATE TABLE models". Now the second waits
 * (busy_timeout), then finds them applied. An index already up to date is
 * opened without the lock: a CLI `ls` must not wait on the app's sync.
 */
function applyMigrations(sqlite: Database.Database, folder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const pending = () => {
    const bookkept = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    const last = !bookkept ? undefined : sqlite.prepare<[], { createdAt: number | string }>('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get();
    return last ? migrations.filter((m) => m.folderMillis > Number(last.createdAt)) : migrations;
  };
  if (pending().length === 0) return;
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    sqlite.exec('CREATE TABLE IF NOT EXISTS __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    const insert = sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)');
    for (const migration of pending()) {
      for (const statement of migration.sql) sqlite.prepare(statement).run();
      insert.run(migration.hash, migration.folderMillis);
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A second connection to an index the core has opened (and migrated), for
 * reads only (the library reader thread): WAL lets it read while the core
 * writes, and query_only turns any write into an error.
 */
export function openReadConnection(path: string, options: OpenDatabaseOptions = {}): IndexDatabase {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { nativeBinding: options.nativeBinding, fileMustExist: true });
  } catch (error) {
    throw storageError(error, path) ?? explainLoadError(error, options.nativeBinding);
  }
  try {
    sqlite.pragma('query_only = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('temp_store = MEMORY');
    // Smaller than the core's: pages the reader needs are mostly in the OS cache the core keeps warm.
    sqlite.pragma('cache_size = -4000');
  } catch (error) {
    sqlite.close();
    throw storageError(error, path) ?? error;
  }
  return {
    db: drizzle(sqlite, { schema }),
    sqlite,
    path,
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
