/**
 * Two processes opening the same new index at once — two CLI commands
 * started together on first use, or the app and the CLI — must both get a
 * migrated index. Found by the reliability run's CLI trial: two `sync`
 * commands on one fresh --db, one failing with "Failed to run the query
 * 'CREATE TABLE `models`…'". drizzle's migrator reads which migrations are
 * applied before it takes the write lock, so a process that reads while
 * another is mid-migration applies them again. Here this test plays the
 * process mid-migration (drizzle's own steps on a real file, the lock held),
 * and a real second process opens the index meanwhile: SQLite's locks are
 * between connections, and better-sqlite3 is synchronous, so one process
 * cannot race itself.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase } from '../../src/main/core/db/database';
import { tempDir } from '../fixtures/temp';

const DATABASE_MODULE = resolve(import.meta.dirname, '../../src/main/core/db/database.ts');

/** A child process that says "ready" once loaded, then opens `path` and says "ok" or the error's first line. */
function openInChild(path: string): { ready: Promise<void>; answer: Promise<string> } {
  const script = `
    import { openDatabase } from ${JSON.stringify(DATABASE_MODULE)};
    console.log('ready');
    try { openDatabase(${JSON.stringify(path)}).close(); console.log('ok'); }
    catch (error) { console.log(String(error?.message ?? error).split('\\n')[0]); }
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((done) => lines.once('line', () => done()));
  const answer = new Promise<string>((done, fail) => {
    const rest: string[] = [];
    void ready.then(() => lines.on('line', (line) => rest.push(line)));
    child.once('error', fail);
    child.once('close', () => done(rest.join('\n')));
  });
  return { ready, answer };
}

describe('opening one new index from two processes at once', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir?.cleanup());

  it('waits for a migration under way in another process, then finds it applied', async () => {
    dir = tempDir('concurrent-open-');
    const path = join(dir.path, 'library.db');
    // The other process, as drizzle's migrator goes: its bookkeeping table committed, then every
    // migration in one transaction, still open while the second process opens the index.
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.exec('CREATE TABLE IF NOT EXISTS __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    other.exec('BEGIN IMMEDIATE');
    for (const migration of readMigrationFiles({ migrationsFolder: migrationsFolder() })) {
      for (const statement of migration.sql) other.exec(statement);
      other.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run(migration.hash, migration.folderMillis);
    }
    const second = openInChild(path);
    await second.ready;
    // Long enough for the child to read the bookkeeping table and reach its first write; well
    // inside its 5 s busy timeout.
    await new Promise((r) => setTimeout(r, 1_000));
    other.exec('COMMIT');
    expect(await second.answer).toBe('ok');
    // Each migration recorded once, the schema whole.
    const recorded = other.prepare('SELECT count(*) AS n, count(DISTINCT hash) AS distinct_ FROM __drizzle_migrations').get() as { n: number; distinct_: number };
    expect(recorded.n).toBe(recorded.distinct_);
    expect(other.prepare("SELECT count(*) FROM sqlite_master WHERE name IN ('models', 'posts', 'objects')").pluck().get()).toBe(3);
    other.close();
  }, 60_000);

  it('opens an index already up to date without the write lock, while another connection holds it', () => {
    dir = tempDir('concurrent-open-');
    const path = join(dir.path, 'library.db');
    openDatabase(path).close();
    // The app mid-write (a sync's page, a sweep); one process is enough: the holder need not move.
    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    try {
      // Waiting for the lock would fail with "database is locked" after the 5 s busy timeout.
      expect(() => openDatabase(path).close()).not.toThrow();
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  }, 30_000);
});
