/**
 * The upload journal (`uploads` and `upload_parts`): every item's state,
 * bytes done, the multipart UploadId and the parts the server acknowledged —
 * enough to resume after a crash. Writes are synchronous (better-sqlite3), so
 * a part is either recorded or not; the server's ListParts stays the truth on
 * resume.
 */
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import mime from 'mime';
import { randomUUID } from 'node:crypto';
import type { UploadAcl, UploadState } from '../../../shared/domain';
import type { Db } from '../db/database';
import { uploadParts, uploads } from '../db/schema';
import type { ProfileRow } from '../repositories/profiles';
import { DEFAULT_PART, partSizeFor } from './part-size';

export type UploadRow = typeof uploads.$inferSelect;
export interface JournalPart {
  PartNumber: number;
  ETag: string;
}

export function insertItems(db: Db, rows: (typeof uploads.$inferInsert)[]): UploadRow[] {
  if (rows.length === 0) return [];
  return db.transaction((tx) => rows.map((row) => tx.insert(uploads).values(row).returning().get()));
}

export interface NewBatch {
  profile: Pick<ProfileRow, 'id' | 'defaultAcl' | 'cacheControl'>;
  files: { localPath: string; key: string; relPath: string; size: number; mtimeMs: number }[];
  /** Omitted: the profile's default. */
  acl?: UploadAcl;
  /** Omitted: the profile's default; null: none for this batch. */
  cacheControl?: string | null;
  /** Preferred part size (grown for big files). */
  partSize?: number;
}

/** Journals a planned batch, every item queued; returns its id. */
export function journalBatch(db: Db, batch: NewBatch): string {
  const batchId = randomUUID();
  const now = Date.now();
  const acl = batch.acl ?? (batch.profile.defaultAcl === 'public-read' ? 'public-read' : 'private');
  const cacheControl = batch.cacheControl === undefined ? batch.profile.cacheControl : batch.cacheControl;
  insertItems(
    db,
    batch.files.map((f) => ({
      profileId: batch.profile.id,
      batchId,
      localPath: f.localPath,
      key: f.key,
      size: f.size,
      mtimeMs: f.mtimeMs,
      contentType: mime.getType(f.relPath) ?? 'application/octet-stream',
      acl,
      cacheControl,
      state: 'queued',
      partSize: partSizeFor(f.size, batch.partSize ?? DEFAULT_PART),
      createdAt: now,
      updatedAt: now,
    })),
  );
  return batchId;
}

/** Upload ids other items of the journal hold for the same key (a paused or failed copy of it): not strays. */
export function otherUploadIds(db: Db, row: Pick<UploadRow, 'id' | 'profileId' | 'key'>): string[] {
  return db
    .select({ uploadId: uploads.uploadId })
    .from(uploads)
    .where(and(eq(uploads.profileId, row.profileId), eq(uploads.key, row.key), ne(uploads.id, row.id), isNotNull(uploads.uploadId)))
    .all()
    .map((r) => r.uploadId!);
}

export function getItem(db: Db, id: number): UploadRow | undefined {
  return db.select().from(uploads).where(eq(uploads.id, id)).get();
}

export function batchItems(db: Db, batchId: string): UploadRow[] {
  return db.select().from(uploads).where(eq(uploads.batchId, batchId)).orderBy(asc(uploads.id)).all();
}

export function itemsInStates(db: Db, states: UploadState[], profileId?: string): UploadRow[] {
  const where = profileId ? and(inArray(uploads.state, states), eq(uploads.profileId, profileId)) : inArray(uploads.state, states);
  return db.select().from(uploads).where(where).orderBy(asc(uploads.id)).all();
}

/**
 * How many of a batch's items are in `states`. Called on every item's end, so
 * it is a prepared count (no rows mapped): reading the batch each time made a
 * 259-file batch cost 1.6 s of CPU.
 */
export function countInBatch(db: Db, batchId: string, states: readonly UploadState[]): number {
  let statement = counters.get(db);
  if (!statement) counters.set(db, (statement = prepareCount(db)));
  return statement.get({ batchId, states: JSON.stringify(states) })?.n ?? 0;
}

function prepareCount(db: Db) {
  return db
    .select({ n: count() })
    .from(uploads)
    .where(and(eq(uploads.batchId, sql.placeholder('batchId')), sql`${uploads.state} IN (SELECT value FROM json_each(${sql.placeholder('states')}))`))
    .prepare();
}
const counters = new WeakMap<Db, ReturnType<typeof prepareCount>>();

export function recentItems(db: Db, limit = 500): UploadRow[] {
  return db.select().from(uploads).orderBy(asc(uploads.id)).limit(limit).all();
}

export function updateItem(db: Db, id: number, patch: Partial<Omit<UploadRow, 'id'>>): void {
  db.update(uploads).set({ ...patch, updatedAt: Date.now() }).where(eq(uploads.id, id)).run();
}

/** The parts the server acknowledged for an item, by part number. */
export function partsOf(db: Db, id: number): JournalPart[] {
  return db
    .select({ PartNumber: uploadParts.partNumber, ETag: uploadParts.etag })
    .from(uploadParts)
    .where(eq(uploadParts.uploadId, id))
    .orderBy(asc(uploadParts.partNumber))
    .all();
}

/** Records one acknowledged part (idempotent per part number): one row, whatever the part count. */
export function recordPart(db: Db, id: number, part: JournalPart, bytesDone: number): void {
  db.transaction((tx) => {
    tx.insert(uploadParts)
      .values({ uploadId: id, partNumber: part.PartNumber, etag: part.ETag })
      .onConflictDoUpdate({ target: [uploadParts.uploadId, uploadParts.partNumber], set: { etag: part.ETag } })
      .run();
    tx.update(uploads).set({ bytesDone, updatedAt: Date.now() }).where(eq(uploads.id, id)).run();
  });
}

/** Replaces an item's parts (a resume found others on the server; a restart has none) and its row, in one transaction. */
export function resetParts(db: Db, id: number, parts: JournalPart[], patch: Partial<Omit<UploadRow, 'id'>> = {}): void {
  db.transaction((tx) => {
    tx.delete(uploadParts).where(eq(uploadParts.uploadId, id)).run();
    // In slices: up to 10,000 parts would exceed SQLite's bound-parameter limit in one statement.
    for (let at = 0; at < parts.length; at += 500) {
      tx.insert(uploadParts)
        .values(parts.slice(at, at + 500).map((p) => ({ uploadId: id, partNumber: p.PartNumber, etag: p.ETag })))
        .run();
    }
    tx.update(uploads).set({ ...patch, updatedAt: Date.now() }).where(eq(uploads.id, id)).run();
  });
}

/** Forget finished items (the transfers panel's "clear"). */
export function clearFinished(db: Db): number {
  return db.delete(uploads).where(inArray(uploads.state, ['done', 'cancelled'])).run().changes;
}
