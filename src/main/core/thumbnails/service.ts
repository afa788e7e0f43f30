/**
 * Thumbnails that work offline: generated once from the object (downloaded
 * while online, or from the local file right after an upload), stored as
 * WebP files in the data directory keyed by profile + key + ETag (a changed
 * object gets a new thumbnail), tracked in the `thumbnails` table, capped in
 * size with least-recently-used eviction. A background queue with bounded
 * concurrency fills the cache; requests from the screen jump the queue.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { ThumbProgress } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import { objects, posts, settings, thumbnails } from '../db/schema';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { isUnreachable, type NetworkMonitor } from '../network/monitor';
import type { ProfileClients } from '../profiles/client-cache';
import { getProfile } from '../repositories/profiles';
import { renderThumbnail } from './render';

export const CACHE_LIMIT_SETTING = 'thumbnails.cacheLimitBytes';
export const DEFAULT_CACHE_LIMIT = 500_000_000;
/** Originals larger than this are not downloaded just for a thumbnail. */
const MAX_SOURCE_BYTES = 80 * 1024 * 1024;

/** The background queue is topped up below this many jobs, this many at a time. */
const REFILL_BELOW = 200;
const REFILL_BATCH = 500;

interface Scope {
  id: string;
  profileId: string;
  model?: string;
  post?: string;
  /** Keyset cursor: keys up to here are queued. */
  after: string;
  /** Missing thumbnails not queued yet (null: not counted yet). */
  remaining: number | null;
}

export interface ThumbTarget {
  profileId: string;
  key: string;
  etag: string;
}

interface Job extends ThumbTarget {
  id: string;
  resolve: (file: string) => void;
  reject: (error: unknown) => void;
  promise: Promise<string>;
}

export class ThumbnailService {
  readonly dir: string;
  private readonly urgent: Job[] = [];
  private readonly background: Job[] = [];
  private readonly jobs = new Map<string, Job>();
  private active = 0;
  private done = 0;
  private failed = 0;
  private total = 0;
  private cacheBytes: number;
  private emitTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly scopes: Scope[] = [];
  private refillScheduled = false;
  private readonly localRenders = pLimit(2);

  constructor(
    private readonly database: IndexDatabase,
    dataDir: string,
    private readonly clients: ProfileClients,
    private readonly network: NetworkMonitor,
    private readonly bus: EventBus,
    private readonly log: Logger,
    private readonly concurrency = 4,
  ) {
    this.dir = join(dataDir, 'thumbnails');
    mkdirSync(this.dir, { recursive: true });
    this.cacheBytes = this.database.db.select({ n: sql<number>`coalesce(sum(${thumbnails.bytes}), 0)` }).from(thumbnails).get()!.n;
  }

  progress(): ThumbProgress {
    const unqueued = this.scopes.reduce((n, s) => n + (s.remaining ?? 0), 0);
    return { done: this.done, total: this.total + unqueued, failed: this.failed, cacheBytes: this.cacheBytes, cacheLimitBytes: this.cacheLimit() };
  }

  cacheLimit(): number {
    const row = this.database.db.select().from(settings).where(eq(settings.key, CACHE_LIMIT_SETTING)).get();
    const value = row ? Number(row.value) : NaN;
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_CACHE_LIMIT;
  }

  setCacheLimit(bytes: number): void {
    this.database.db
      .insert(settings)
      .values({ key: CACHE_LIMIT_SETTING, value: String(bytes), updatedAt: Date.now() })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(bytes), updatedAt: Date.now() } })
      .run();
    this.evict();
  }

  /** The cached file for this object version, if any (marks it used). */
  cached(target: ThumbTarget): string | null {
    const where = and(eq(thumbnails.profileId, target.profileId), eq(thumbnails.key, target.key), eq(thumbnails.etag, target.etag));
    const row = this.database.db.select({ file: thumbnails.file, lastUsedAt: thumbnails.lastUsedAt }).from(thumbnails).where(where).get();
    if (!row) return null;
    // Touch at most once a minute: scrolling a grid should not become a stream of writes.
    if (Date.now() - row.lastUsedAt > 60_000) this.database.db.update(thumbnails).set({ lastUsedAt: Date.now() }).where(where).run();
    return join(this.dir, row.file);
  }

  async read(target: ThumbTarget): Promise<Buffer | null> {
    const file = this.cached(target);
    if (!file) return null;
    try {
      return await readFile(file);
    } catch {
      // The file went missing (cleared by hand): forget it and regenerate.
      this.forget(target);
      return null;
    }
  }

  /** The thumbnail file, generating it now (ahead of the background queue) if needed. */
  ensure(target: ThumbTarget, urgent = true): Promise<string> {
    const file = this.cached(target);
    if (file) return Promise.resolve(file);
    return this.enqueue(target, urgent).promise;
  }

  /**
   * Queue thumbnails in the background: a post → all its images; a model →
   * what its page shows (icon, banner, thumbnail, post covers); nothing → the
   * whole library (the demo; a real library fills as it is browsed). Work is
   * pulled in batches as the queue drains, so a 100,000-item post costs the
   * caller nothing up front (the count runs after the current IPC answer).
   */
  prefetch(profileId: string, scope: { model?: string; post?: string } = {}): ThumbProgress {
    const id = JSON.stringify([profileId, scope.model ?? null, scope.post ?? null]);
    if (!this.closed && !this.scopes.some((s) => s.id === id)) {
      this.scopes.push({ id, profileId, model: scope.model, post: scope.post, after: '', remaining: null });
      this.scheduleRefill();
    }
    return this.progress();
  }

  private missingWhere(scope: Scope) {
    const conds = [
      eq(objects.profileId, scope.profileId),
      eq(objects.kind, 'image'),
      sql`${objects.role} IN ('media','model_thumb','icon','banner')`,
      sql`NOT EXISTS (SELECT 1 FROM ${thumbnails} WHERE ${thumbnails.profileId} = ${objects.profileId} AND ${thumbnails.key} = ${objects.key} AND ${thumbnails.etag} = ${objects.etag})`,
    ];
    if (scope.model) conds.push(eq(objects.model, scope.model));
    if (scope.post) conds.push(eq(objects.post, scope.post));
    else if (scope.model) {
      conds.push(
        sql`(${objects.role} != 'media' OR ${objects.key} IN (SELECT ${posts.coverKey} FROM ${posts} WHERE ${posts.profileId} = ${scope.profileId} AND ${posts.model} = ${scope.model}))`,
      );
    }
    return and(...conds);
  }

  private scheduleRefill(): void {
    if (this.refillScheduled || this.closed) return;
    this.refillScheduled = true;
    setImmediate(() => {
      this.refillScheduled = false;
      try {
        this.refill();
      } catch (error) {
        if (!this.closed) this.log.warn('thumbnail prefetch failed', error);
      }
    });
  }

  /** Tops the background queue up from the pending scopes, a batch at a time. */
  private refill(): void {
    const { db } = this.database;
    while (!this.closed && this.background.length < REFILL_BELOW && this.scopes.length > 0) {
      const scope = this.scopes[0]!;
      if (scope.remaining === null) {
        scope.remaining = db.select({ n: sql<number>`count(*)` }).from(objects).where(this.missingWhere(scope)).get()!.n;
        this.startBatchIfIdle();
      }
      const batch = db
        .select({ key: objects.key, etag: objects.etag })
        .from(objects)
        .where(and(this.missingWhere(scope), gt(objects.key, scope.after)))
        .orderBy(asc(objects.key))
        .limit(REFILL_BATCH)
        .all();
      for (const m of batch) {
        scope.remaining = Math.max(0, scope.remaining - 1);
        this.enqueue({ profileId: scope.profileId, key: m.key, etag: m.etag }, false).promise.catch(() => undefined);
      }
      if (batch.length < REFILL_BATCH) this.scopes.shift();
      else scope.after = batch.at(-1)!.key;
    }
    this.scheduleEmit();
  }

  /**
   * Right after an upload: build the thumbnail from the local file, no
   * download. The job is registered at once, so a grid asking for this
   * thumbnail meanwhile waits for it instead of downloading the original.
   */
  fromLocalFile(target: ThumbTarget, path: string): Promise<string> {
    const id = fileName(target);
    const existing = this.jobs.get(id);
    if (existing) return existing.promise;
    let resolve!: (file: string) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    this.jobs.set(id, { ...target, id, resolve, reject, promise });
    // A big drop finishes many files at once: render a couple at a time.
    this.localRenders(async () => this.store(target, await renderThumbnail(path)))
      .then(resolve, reject)
      .finally(() => {
        this.jobs.delete(id);
        this.scheduleEmit(); // the cache size changed
      });
    return promise;
  }

  async clear(): Promise<ThumbProgress> {
    for (const job of [...this.urgent, ...this.background]) job.reject(new AppError('CANCELLED', 'The thumbnail cache was cleared.'));
    this.urgent.length = 0;
    this.background.length = 0;
    this.scopes.length = 0;
    this.database.db.delete(thumbnails).run();
    await rm(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.cacheBytes = 0;
    this.done = this.total = this.failed = 0;
    this.scheduleEmit();
    return this.progress();
  }

  /** Stops the queue (the database is about to close): pending jobs fail, nothing else is written. */
  close(): void {
    this.closed = true;
    this.scopes.length = 0;
    if (this.emitTimer) clearTimeout(this.emitTimer);
    for (const job of [...this.urgent, ...this.background]) job.reject(new AppError('CANCELLED', 'The app is closing.'));
    this.urgent.length = 0;
    this.background.length = 0;
  }

  private enqueue(target: ThumbTarget, urgent: boolean): Job {
    const id = fileName(target);
    const existing = this.jobs.get(id);
    if (existing) {
      if (urgent) {
        const at = this.background.indexOf(existing);
        if (at >= 0) {
          this.background.splice(at, 1);
          this.urgent.push(existing);
        }
      }
      return existing;
    }
    let resolve!: (file: string) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
    const job: Job = { ...target, id, resolve, reject, promise };
    this.jobs.set(id, job);
    (urgent ? this.urgent : this.background).push(job);
    this.startBatchIfIdle();
    this.total += 1;
    this.pump();
    return job;
  }

  /** Progress counts one stretch of work: after the queue went idle, the next job starts from zero. */
  private startBatchIfIdle(): void {
    const idle = this.active === 0 && this.urgent.length === 0 && this.background.length === 0;
    if (idle && this.done === this.total) this.done = this.total = this.failed = 0;
  }

  private pump(): void {
    while (!this.closed && this.active < this.concurrency) {
      const job = this.urgent.shift() ?? this.background.shift();
      if (!job) return;
      this.active += 1;
      this.generate(job)
        .then(job.resolve, (error: unknown) => {
          this.failed += 1;
          job.reject(error);
        })
        .finally(() => {
          this.active -= 1;
          this.done += 1;
          this.jobs.delete(job.id);
          this.scheduleEmit();
          if (this.background.length < REFILL_BELOW && this.scopes.length > 0) this.scheduleRefill();
          this.pump();
        });
    }
  }

  private async generate(job: Job): Promise<string> {
    if (this.network.status().online === false) {
      throw new AppError('NETWORK', 'Offline: this thumbnail was not cached before the connection was lost.');
    }
    const profile = getProfile(this.database.db, job.profileId);
    if (!profile) throw new AppError('NOT_FOUND', 'The profile of this item was removed.');
    const role = this.database.db
      .select({ role: objects.role })
      .from(objects)
      .where(and(eq(objects.profileId, job.profileId), eq(objects.key, job.key)))
      .get()?.role;
    const { client, connection } = await this.clients.get(profile);
    let body: Buffer;
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: job.key }));
      if ((res.ContentLength ?? 0) > MAX_SOURCE_BYTES) {
        res.Body?.transformToWebStream().cancel().catch(() => undefined);
        throw new AppError('INVALID_INPUT', 'This image is too large to thumbnail.');
      }
      body = Buffer.from(await res.Body!.transformToByteArray());
      this.network.reportReachable();
    } catch (error) {
      if (isUnreachable(error)) {
        this.network.reportUnreachable();
        throw new AppError('NETWORK', 'Offline: the thumbnail could not be downloaded.', { cause: error });
      }
      if (error instanceof AppError) throw error;
      this.log.warn(`thumbnail source for ${job.key} failed`, error);
      throw new AppError('NOT_FOUND', 'The original of this thumbnail could not be read.', { cause: error });
    }
    return this.store(job, await renderThumbnail(body, { banner: role === 'banner' }));
  }

  private async store(target: ThumbTarget, webp: Buffer): Promise<string> {
    if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
    const file = fileName(target);
    await writeFile(join(this.dir, file), webp);
    const previous = this.database.db
      .select({ bytes: thumbnails.bytes })
      .from(thumbnails)
      .where(and(eq(thumbnails.profileId, target.profileId), eq(thumbnails.key, target.key), eq(thumbnails.etag, target.etag)))
      .get();
    this.database.db
      .insert(thumbnails)
      .values({ ...target, file, bytes: webp.length, lastUsedAt: Date.now() })
      .onConflictDoUpdate({
        target: [thumbnails.profileId, thumbnails.key, thumbnails.etag],
        set: { file, bytes: webp.length, lastUsedAt: Date.now() },
      })
      .run();
    this.cacheBytes += webp.length - (previous?.bytes ?? 0);
    this.evict();
    return join(this.dir, file);
  }

  /** Drops least-recently-used thumbnails until the cache is back under 90 % of its cap. */
  private evict(): void {
    const limit = this.cacheLimit();
    if (this.cacheBytes <= limit) return;
    const target = limit * 0.9;
    const { db } = this.database;
    while (this.cacheBytes > target) {
      const batch = db.select().from(thumbnails).orderBy(asc(thumbnails.lastUsedAt)).limit(200).all();
      if (batch.length === 0) break;
      for (const row of batch) {
        if (this.cacheBytes <= target) break;
        this.forget(row);
        rmSync(join(this.dir, row.file), { force: true });
        this.cacheBytes -= row.bytes;
      }
    }
  }

  private forget(target: ThumbTarget): void {
    this.database.db
      .delete(thumbnails)
      .where(and(eq(thumbnails.profileId, target.profileId), eq(thumbnails.key, target.key), eq(thumbnails.etag, target.etag)))
      .run();
  }

  private scheduleEmit(): void {
    if (this.emitTimer || this.closed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      if (!this.closed) this.bus.emit('thumbs:progress', this.progress());
    }, 150);
  }
}

function fileName(target: ThumbTarget): string {
  return `${createHash('sha256').update(`${target.profileId}\u0000${target.key}\u0000${target.etag}`).digest('hex').slice(0, 40)}.webp`;
}
