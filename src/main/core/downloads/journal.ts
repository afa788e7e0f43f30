/**
 * The download journal (`downloads`, `download_chunks`): each file's state,
 * the version (ETag) it is fetched at, its partial file and the chunks
 * already written there. Writes are synchronous (better-sqlite3): a chunk is
 * recorded only after its bytes are in the partial file, so a resume never
 * trusts bytes that were not written; the final MD5 pass checks them anyway.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { DownloadPurpose, DownloadState } from '../../../shared/downloads';
import type { Db } from '../db/database';
import { downloadChunks, downloads } from '../db/schema';

export type DownloadRow = typeof downloads.$inferSelect;

export interface NewDownload {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  dest: string;
  temp: string;
  chunkSize: number;
}

/** Journals files to fetch, all queued, under one new batch id. */
export function journalDownloads(db: Db, profileId: string, purpose: DownloadPurpose, files: NewDownload[]): { batchId: string; rows: DownloadRow[] } {
  const batchId = randomUUID();
  const now = Date.now();
  // Many rows per INSERT (a prefix of thousands of files is journaled in a few statements), within SQLite's variable limit.
  const rows = db.transaction((tx) => {
    const inserted: DownloadRow[] = [];
    for (let at = 0; at < files.length; at += ROWS_PER_INSERT) {
      const values = files.slice(at, at + ROWS_PER_INSERT).map((f) => ({ ...f, profileId, batchId, purpose, state: 'queued', createdAt: now, updatedAt: now }));
      inserted.push(...tx.insert(downloads).values(values).returning().all());
    }
    return inserted.sort((a, b) => a.id - b.id);
  });
  return { batchId, rows };
}

const ROWS_PER_INSERT = 500;

/**
 * The statements run for every file and chunk, prepared once per connection:
 * building them per call (drizzle's query builder) cost more CPU than
 * journaling itself in the download benchmark.
 */
function prepare(db: Db) {
  return {
    get: db.select().from(downloads).where(eq(downloads.id, sql.placeholder('id'))).prepare(),
    chunks: db.select({ chunk: downloadChunks.chunk }).from(downloadChunks).where(eq(downloadChunks.downloadId, sql.placeholder('id'))).prepare(),
    latestForDest: db.select().from(downloads).where(eq(downloads.dest, sql.placeholder('dest'))).orderBy(sql`${downloads.id} DESC`).limit(1).prepare(),
    addChunk: db.insert(downloadChunks).values({ downloadId: sql.placeholder('id'), chunk: sql.placeholder('chunk') }).onConflictDoNothing().prepare(),
    bytesDone: db.update(downloads).set({ bytesDone: sql`${sql.placeholder('bytesDone')}`, updatedAt: sql`${sql.placeholder('now')}` }).where(eq(downloads.id, sql.placeholder('id'))).prepare(),
    count: db
      .select({ n: count() })
      .from(downloads)
      .where(and(eq(downloads.batchId, sql.placeholder('batchId')), sql`${downloads.state} IN (SELECT value FROM json_each(${sql.placeholder('states')}))`))
      .prepare(),
  };
}
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function statements(db: Db): ReturnType<typeof prepare> {
  let found = prepared.get(db);
  if (!found) prepared.set(db, (found = prepare(db)));
  return found;
}

export function getDownload(db: Db, id: number): DownloadRow | undefined {
  return statements(db).get.get({ id });
}

export function downloadsInStates(db: Db, states: readonly DownloadState[], purpose?: DownloadPurpose): DownloadRow[] {
  const where = purpose ? and(inArray(downloads.state, [...states]), eq(downloads.purpose, purpose)) : inArray(downloads.state, [...states]);
  return db.select().from(downloads).where(where).orderBy(asc(downloads.id)).all();
}

/** How many of a batch's files are in `states` (by the batch index; called on every file's end). */
export function countInBatch(db: Db, batchId: string, states: readonly DownloadState[]): number {
  return statements(db).count.get({ batchId, states: JSON.stringify(states) })?.n ?? 0;
}

export function batchDownloads(db: Db, batchId: string): DownloadRow[] {
  return db.select().from(downloads).where(eq(downloads.batchId, batchId)).orderBy(asc(downloads.id)).all();
}

/** The newest journal row for a destination (the CLI's `get` continues or skips by it). */
export function latestForDest(db: Db, dest: string): DownloadRow | undefined {
  return statements(db).latestForDest.get({ dest });
}

export function recentDownloads(db: Db, limit = 500): DownloadRow[] {
  // The newest `limit` rows, oldest first (the panel sorts as it likes).
  return db.select().from(downloads).orderBy(sql`${downloads.id} DESC`).limit(limit).all().reverse();
}

export function updateDownload(db: Db, id: number, patch: Partial<Omit<DownloadRow, 'id'>>): void {
  db.update(downloads).set({ ...patch, updatedAt: Date.now() }).where(eq(downloads.id, id)).run();
}

export function chunksOf(db: Db, id: number): Set<number> {
  return new Set(statements(db).chunks.all({ id }).map((r) => r.chunk));
}

export function recordChunk(db: Db, id: number, chunk: number, bytesDone: number): void {
  const s = statements(db);
  db.transaction(() => {
    s.addChunk.run({ id, chunk });
    s.bytesDone.run({ id, bytesDone, now: Date.now() });
  });
}

/** Forgets the written chunks (a changed object restarts its file), with the row's new facts. */
export function restartDownload(db: Db, id: number, patch: Partial<Omit<DownloadRow, 'id'>>): void {
  db.transaction((tx) => {
    tx.delete(downloadChunks).where(eq(downloadChunks.downloadId, id)).run();
    tx.update(downloads).set({ ...patch, bytesDone: 0, updatedAt: Date.now() }).where(eq(downloads.id, id)).run();
  });
}

/** Forget finished items (the transfers panel's "clear"); chunks go with them. */
export function clearFinishedDownloads(db: Db): number {
  return db.delete(downloads).where(inArray(downloads.state, ['done', 'cancelled'])).run().changes;
}
