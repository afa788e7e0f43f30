/**
 * Thumbnails that work offline: made once from the object (downloaded while
 * online, or from the local file right after an upload) and kept in the
 * store (store.ts); jobs run by priority (queue.ts), the screen's first; the
 * background is topped up from prefetch scopes (prefetch.ts) as it drains;
 * pixels come from the source (source.ts). This service wires them and
 * counts progress for the UI.
 */
import pLimit from 'p-limit';
import type { ThumbProgress } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { PrefetchPlanner, type PrefetchScope } from './prefetch';
import { ThumbnailQueue } from './queue';
import type { ThumbnailSource } from './source';
import { ThumbnailStore, type ThumbTarget } from './store';

export type { ThumbTarget } from './store';

/** The background lane is topped up below this many jobs, this many at a time. */
const REFILL_BELOW = 200;
const REFILL_BATCH = 500;
const EMIT_EVERY_MS = 150;
/** How long a prefetch waits before it starts planning (see prefetch()). */
const PREFETCH_DELAY_MS = 150;

export class ThumbnailService {
  readonly store: ThumbnailStore;
  private readonly queue: ThumbnailQueue;
  private readonly planner: PrefetchPlanner;
  /** A big drop finishes many files at once: render a couple of local files at a time. */
  private readonly localRenders = pLimit(2);
  private done = 0;
  private failed = 0;
  private total = 0;
  private emitTimer: NodeJS.Timeout | undefined;
  private refillScheduled = false;
  private closed = false;

  constructor(
    database: IndexDatabase,
    dataDir: string,
    private readonly source: ThumbnailSource,
    private readonly bus: EventBus,
    private readonly log: Logger,
    concurrency = 4,
  ) {
    this.store = new ThumbnailStore(database, dataDir);
    this.queue = new ThumbnailQueue(concurrency);
    this.planner = new PrefetchPlanner(database.db);
  }

  progress(): ThumbProgress {
    return { done: this.done, total: this.total + this.planner.remaining(), failed: this.failed, cacheBytes: this.store.size(), cacheLimitBytes: this.store.limit() };
  }

  async setCacheLimit(bytes: number): Promise<ThumbProgress> {
    await this.store.setLimit(bytes);
    return this.progress();
  }

  /** The cached file for this object version, or null. */
  cached(target: ThumbTarget): Promise<string | null> {
    return this.store.existing(target);
  }

  /** The thumbnail file, made now (ahead of the background) if needed. */
  async ensure(target: ThumbTarget, urgent = true): Promise<string> {
    return (await this.store.existing(target)) ?? this.fromBucket(target, urgent);
  }

  /** Queues thumbnails for a scope in the background (see prefetch.ts); the counting runs after this answer. */
  prefetch(profileId: string, scope: Omit<PrefetchScope, 'profileId'> = {}): ThumbProgress {
    // A little later, not at once: the view that asked is about to ask for its first page, and
    // counting a 100,000-item scope is a long SQLite statement that page should not wait behind.
    if (!this.closed && this.planner.add({ profileId, ...scope })) this.scheduleRefill(PREFETCH_DELAY_MS);
    return this.progress();
  }

  /**
   * Right after an upload: the thumbnail from the local file, no download.
   * The job is registered at once, so a grid asking for this thumbnail
   * meanwhile joins it instead of downloading the original.
   */
  fromLocalFile(target: ThumbTarget, path: string): Promise<string> {
    const { promise } = this.queue.add(target, true, () => this.localRenders(async () => this.store.write(target, await this.source.fromFile(path))));
    promise.then(
      () => this.scheduleEmit(), // the cache size changed
      () => undefined,
    );
    return promise;
  }

  async clear(): Promise<ThumbProgress> {
    this.queue.clear(new AppError('CANCELLED', 'The thumbnail cache was cleared.'));
    this.planner.clear();
    await this.store.clear();
    this.done = this.total = this.failed = 0;
    this.scheduleEmit();
    return this.progress();
  }

  /** Stops the queue (the database is about to close): pending jobs fail, nothing else is written. */
  close(): void {
    this.closed = true;
    this.planner.clear();
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.queue.clear(new AppError('CANCELLED', 'The app is closing.'));
  }

  private fromBucket(target: ThumbTarget, urgent: boolean): Promise<string> {
    if (this.closed) return Promise.reject(new AppError('CANCELLED', 'The app is closing.'));
    const { promise, created } = this.queue.add(target, urgent, async () => {
      const webp = await this.source.fromBucket(target);
      if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
      return this.store.write(target, webp);
    });
    if (created) {
      this.startStretchIfIdle(1);
      this.total += 1;
      promise.then(
        () => this.settled(false),
        () => this.settled(true),
      );
    }
    return promise;
  }

  private settled(failed: boolean): void {
    this.done += 1;
    if (failed) this.failed += 1;
    this.scheduleEmit();
    if (this.queue.counts().background < REFILL_BELOW && this.planner.pending()) this.scheduleRefill();
  }

  /** Progress counts one stretch of work: once the queue went idle, the next job starts from zero. */
  private startStretchIfIdle(adding: number): void {
    if (this.queue.counts().total <= adding && this.done === this.total) this.done = this.total = this.failed = 0;
  }

  private scheduleRefill(delayMs = 0): void {
    if (this.refillScheduled || this.closed) return;
    this.refillScheduled = true;
    setTimeout(() => {
      this.refillScheduled = false;
      try {
        this.refill();
      } catch (error) {
        if (!this.closed) this.log.warn('thumbnail prefetch failed', error);
      }
    }, delayMs);
  }

  /** Tops the background lane up from the open scopes, a batch at a time. */
  private refill(): void {
    while (!this.closed && this.queue.counts().background < REFILL_BELOW && this.planner.pending()) {
      for (const target of this.planner.next(REFILL_BATCH)) this.fromBucket(target, false).catch(() => undefined);
    }
    this.scheduleEmit();
  }

  private scheduleEmit(): void {
    if (this.emitTimer || this.closed) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      if (!this.closed) this.bus.emit('thumbs:progress', this.progress());
    }, EMIT_EVERY_MS);
  }
}
