/**
 * The thumbnail cache on disk: WebP files in the data directory (grid
 * thumbnails, video posters, the viewer's converted previews), named by a
 * hash of profile + key + ETag (+ variant) (a changed object gets a new file), one row
 * each in the `thumbnails` table, and a size cap with least-recently-used
 * eviction. File work is asynchronous; only the bookkeeping rows are
 * synchronous SQLite writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { IndexDatabase } from '../db/database';
import { settings, thumbnails } from '../db/schema';
import { storageError } from '../errors';

export const CACHE_LIMIT_SETTING = 'thumbnails.cacheLimitBytes';
export const DEFAULT_CACHE_LIMIT = 500_000_000;
/** Marking a thumbnail used more often than this would turn scrolling into a stream of writes. */
const TOUCH_EVERY_MS = 60_000;
/**
 * Uses are written in one transaction this often, not one write per tile:
 * every commit makes the library reader thread drop its orderings of big
 * posts (data_version), and scrolling 100,000 tiles touched thousands.
 */
const TOUCH_FLUSH_MS = 30_000;
/** The suffix of a thumbnail still being written. */
const PARTIAL = '.partial';

export interface ThumbTarget {
  profileId: string;
  key: string;
  etag: string;
  /** Omitted: the grid's thumbnail (a video's poster); 'preview': the viewer's converted preview. */
  variant?: 'preview';
}

export function fileName(target: ThumbTarget): string {
  const id = `${target.profileId}\u0000${target.key}\u0000${target.etag}${target.variant ? `\u0000${target.variant}` : ''}`;
  return `${createHash('sha256').update(id).digest('hex').slice(0, 40)}.webp`;
}

export class ThumbnailStore {
  readonly dir: string;
  private bytes: number;
  private ready: Promise<unknown>;
  /** Files of forgotten thumbnails, removed after the transaction that forgot them. */
  private readonly orphans: string[] = [];
  /** Thumbnails used since the last flush, and when. */
  private readonly touched = new Map<string, { target: ThumbTarget; at: number }>();
  private touchTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: IndexDatabase,
    dataDir: string,
  ) {
    this.dir = join(dataDir, 'thumbnails');
    this.ready = mkdir(this.dir, { recursive: true }).then(() => this.sweepPartials());
    this.bytes = database.db.select({ n: sql<number>`coalesce(sum(${thumbnails.bytes}), 0)` }).from(thumbnails).get()!.n;
  }

  /** Bytes the cache holds. */
  size(): number {
    return this.bytes;
  }

  limit(): number {
    const row = this.database.db.select().from(settings).where(eq(settings.key, CACHE_LIMIT_SETTING)).get();
    const value = row ? Number(row.value) : NaN;
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_CACHE_LIMIT;
  }

  async setLimit(bytes: number): Promise<void> {
    const now = Date.now();
    this.database.db
      .insert(settings)
      .values({ key: CACHE_LIMIT_SETTING, value: String(bytes), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(bytes), updatedAt: now } })
      .run();
    await this.evict();
  }

  /** The cached file for this object version, if any (marks it used). */
  lookup(target: ThumbTarget): string | null {
    const where = this.where(target);
    const row = this.database.db.select({ file: thumbnails.file, lastUsedAt: thumbnails.lastUsedAt }).from(thumbnails).where(where).get();
    if (!row) return null;
    if (Date.now() - row.lastUsedAt > TOUCH_EVERY_MS) this.touch(target);
    return join(this.dir, row.file);
  }

  /** Writes the uses noted since the last flush (before an eviction picks the least recently used). */
  flushTouches(): void {
    if (this.touchTimer) clearTimeout(this.touchTimer);
    this.touchTimer = null;
    if (this.touched.size === 0) return;
    const uses = [...this.touched.values()];
    this.touched.clear();
    try {
      this.database.db.transaction((tx) => {
        for (const { target, at } of uses) tx.update(thumbnails).set({ lastUsedAt: at }).where(this.where(target)).run();
      });
    } catch {
      // The database closed meanwhile (quitting): recency is a hint, losing it costs nothing.
    }
  }

  private touch(target: ThumbTarget): void {
    this.touched.set(JSON.stringify([target.profileId, target.key, target.etag, target.variant ?? '']), { target, at: Date.now() });
    if (!this.touchTimer) {
      this.touchTimer = setTimeout(() => this.flushTouches(), TOUCH_FLUSH_MS);
      this.touchTimer.unref();
    }
  }

  /** The cached file if it is still on disk; a file cleared by hand is forgotten (and made again). */
  async existing(target: ThumbTarget): Promise<string | null> {
    const file = this.lookup(target);
    if (!file) return null;
    if (await stat(file).then((s) => s.isFile(), () => false)) return file;
    this.forget(target);
    return null;
  }

  /**
   * Stores a thumbnail. Its bytes go to a temporary file renamed over the
   * final name once whole, so a crash or a full disk mid-write never leaves
   * a cut-short file under a name a row points at (a rewrite of a cached
   * thumbnail used to truncate it in place); a row that cannot be recorded
   * takes its new file with it, so nothing unrecorded stays behind.
   */
  async write(target: ThumbTarget, webp: Buffer): Promise<string> {
    await this.ready;
    const file = fileName(target);
    const path = join(this.dir, file);
    const previous = this.database.db.select({ bytes: thumbnails.bytes }).from(thumbnails).where(this.where(target)).get();
    const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL}`;
    try {
      await writeFile(temp, webp);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw storageError(error, path) ?? error;
    }
    try {
      const now = Date.now();
      this.database.db
        .insert(thumbnails)
        .values({ profileId: target.profileId, key: target.key, etag: target.etag, variant: target.variant ?? '', file, bytes: webp.length, lastUsedAt: now })
        .onConflictDoUpdate({ target: [thumbnails.profileId, thumbnails.key, thumbnails.etag, thumbnails.variant], set: { file, bytes: webp.length, lastUsedAt: now } })
        .run();
    } catch (error) {
      if (!previous) await rm(path, { force: true });
      throw storageError(error, path) ?? error;
    }
    this.bytes += webp.length - (previous?.bytes ?? 0);
    await this.evict();
    return path;
  }

  /** Temporary files a crash left mid-write (never served: no row names them). */
  private async sweepPartials(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    await Promise.all(names.filter((name) => name.endsWith(PARTIAL)).map((name) => rm(join(this.dir, name), { force: true })));
  }

  /**
   * A moved object keeps its thumbnail: the row takes the new key and ETag and
   * names the same file (nothing is made again). Synchronous, so it runs in
   * the caller's transaction with the index's own change.
   */
  rekey(profileId: string, from: { key: string; etag: string }, to: { key: string; etag: string }): void {
    const { db } = this.database;
    const row = db.select().from(thumbnails).where(this.where({ profileId, ...from })).get();
    if (!row) return;
    if (from.key === to.key && from.etag === to.etag) return;
    // A thumbnail already there for the destination (an object that was replaced) gives way.
    const doomed = this.forgetRow({ profileId, ...to });
    if (doomed) this.orphans.push(doomed);
    db.update(thumbnails).set({ key: to.key, etag: to.etag }).where(this.where({ profileId, ...from })).run();
  }

  /** Forgets every thumbnail of these keys (any ETag); their files go at the next `sweepOrphans`. Synchronous, like `rekey`. */
  forgetKeys(profileId: string, keys: string[]): void {
    const { db } = this.database;
    for (let at = 0; at < keys.length; at += 500) {
      const where = and(eq(thumbnails.profileId, profileId), inArray(thumbnails.key, keys.slice(at, at + 500)));
      for (const row of db.select().from(thumbnails).where(where).all()) {
        this.bytes -= row.bytes;
        this.orphans.push(join(this.dir, row.file));
      }
      db.delete(thumbnails).where(where).run();
    }
  }

  /** Removes the files of thumbnails forgotten by `rekey` and `forgetKeys` (after the caller's transaction committed). */
  async sweepOrphans(): Promise<void> {
    const files = this.orphans.splice(0);
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }

  /** Drops every thumbnail, files and rows. */
  async clear(): Promise<void> {
    this.database.db.delete(thumbnails).run();
    this.bytes = 0;
    await rm(this.dir, { recursive: true, force: true });
    this.ready = mkdir(this.dir, { recursive: true });
    await this.ready;
  }

  /** Drops least-recently-used thumbnails until the cache is back under 90 % of its cap. */
  private async evict(): Promise<void> {
    this.flushTouches();
    const limit = this.limit();
    if (this.bytes <= limit) return;
    const target = limit * 0.9;
    const { db } = this.database;
    while (this.bytes > target) {
      const batch = db.select().from(thumbnails).orderBy(asc(thumbnails.lastUsedAt)).limit(200).all();
      if (batch.length === 0) break;
      const doomed = [];
      for (const row of batch) {
        if (this.bytes <= target) break;
        this.forget({ ...row, variant: row.variant === 'preview' ? 'preview' : undefined });
        this.bytes -= row.bytes;
        doomed.push(join(this.dir, row.file));
      }
      await Promise.all(doomed.map((file) => rm(file, { force: true })));
    }
  }

  private forget(target: ThumbTarget): void {
    this.database.db.delete(thumbnails).where(this.where(target)).run();
  }

  /** Forgets one row; its file's path, when there was one. */
  private forgetRow(target: ThumbTarget): string | null {
    const row = this.database.db.select().from(thumbnails).where(this.where(target)).get();
    if (!row) return null;
    this.forget(target);
    this.bytes -= row.bytes;
    return join(this.dir, row.file);
  }

  private where(target: ThumbTarget) {
    return and(
      eq(thumbnails.profileId, target.profileId),
      eq(thumbnails.key, target.key),
      eq(thumbnails.etag, target.etag),
      eq(thumbnails.variant, target.variant ?? ''),
    );
  }
}
