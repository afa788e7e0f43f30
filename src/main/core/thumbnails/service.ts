/**
 * Thumbnails that work offline: made once from the object (downloaded while
 * online, or from the local file right after an upload) and kept in the
 * store (store.ts); jobs run by priority (queue.ts), the screen's first; the
 * background is topped up from prefetch scopes (prefetch.ts) as it drains;
 * pixels come from the source (source.ts). What the source read from the
 * file on the way (pixel size, EXIF, a video's duration and codec) goes into
 * the index (media_facts). This service wires them and counts progress for
 * the UI.
 */
import pLimit from 'p-limit';
import type { MediaKind, NetworkStatus, ThumbProgress } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { factsSearchText } from '../media/facts-text';
import { saveFacts } from '../repositories/media-facts';
import { PrefetchPlanner, type PrefetchScope } from './prefetch';
import { ThumbnailQueue } from './queue';
import type { Made, ThumbnailSource } from './source';
import { ThumbnailStore, type ThumbTarget } from './store';

export type { ThumbTarget } from './store';

/** The background lane is topped up below this many jobs, this many at a time. */
const REFILL_BELOW = 200;
const REFILL_BATCH = 500;
const EMIT_EVERY_MS = 150;
/** Facts arriving while thumbnails are made refresh the pages that show them, at most this often. */
const FACTS_EVERY_MS = 1000;
/** How long a prefetch waits before it starts planning (see prefetch()). */
const PREFETCH_DELAY_MS = 150;
/** A background thumbnail that failed for a passing reason (a busy server) is tried once more after this. */
const RETRY_LATER_MS = 5_000;
/** Background thumbnails kept to retry when the connection comes back; beyond this the next sync or view plans them again. */
const AWAITING_NETWORK_MAX = 20_000;

export class ThumbnailService {
  readonly store: ThumbnailStore;
  private readonly queue: ThumbnailQueue;
  private readonly planner: PrefetchPlanner;
  /** A big drop finishes many files at once: render a couple of local files at a time. */
  private readonly localRenders = pLimit(2);
  private done = 0;
  private failed = 0;
  /** Background targets already given their second try (by profile, key and ETag). */
  private readonly retriedLater = new Set<string>();
  /** Background targets that failed because the server could not be reached: queued again when it can. */
  private readonly awaitingNetwork = new Map<string, ThumbTarget>();
  /** The connection as the network monitor last said (network:changed). */
  private online: boolean | null = null;
  private total = 0;
  private emitTimer: NodeJS.Timeout | undefined;
  private factsTimer: NodeJS.Timeout | undefined;
  private readonly factsChangedFor = new Set<string>();
  private refillScheduled = false;
  private closed = false;

  constructor(
    private readonly database: IndexDatabase,
    dataDir: string,
    private readonly source: ThumbnailSource,
    private readonly bus: EventBus,
    private readonly log: Logger,
    concurrency = 4,
  ) {
    this.store = new ThumbnailStore(database, dataDir);
    this.queue = new ThumbnailQueue(concurrency);
    this.planner = new PrefetchPlanner(database.db);
    bus.subscribe((event, payload) => {
      if (event !== 'network:changed') return;
      this.online = (payload as NetworkStatus).online;
      if (this.online === true) this.retryAwaitingNetwork();
    });
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
  fromLocalFile(target: ThumbTarget, path: string, kind: MediaKind = 'image'): Promise<string> {
    const { promise } = this.queue.add(target, true, () => this.localRenders(async () => this.keep(target, await this.source.fromFile(path, kind))));
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
    if (this.factsTimer) clearTimeout(this.factsTimer);
    this.queue.clear(new AppError('CANCELLED', 'The app is closing.'));
  }

  private fromBucket(target: ThumbTarget, urgent: boolean): Promise<string> {
    if (this.closed) return Promise.reject(new AppError('CANCELLED', 'The app is closing.'));
    const { promise, created } = this.queue.add(target, urgent, async () => {
      const made = await this.source.fromBucket(target);
      if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
      return this.keep(target, made);
    });
    if (created) {
      this.startStretchIfIdle(1);
      this.total += 1;
      promise.then(
        () => this.settled(false),
        (error: unknown) => {
          this.settled(true);
          // The source already logs what it could not read or render (NOT_FOUND); cancels and offline are expected.
          if (!(error instanceof AppError && ['CANCELLED', 'NETWORK', 'NOT_FOUND'].includes(error.code))) this.log.warn(`thumbnail for ${target.key} failed`, error);
        },
      );
    }
    // Also when the background joined a job a view started: that view may be gone by now.
    if (!urgent) promise.catch((error: unknown) => this.backgroundFailed(target, error));
    return promise;
  }

  /**
   * The viewer's converted preview of an image Chromium cannot show (HEIC,
   * TIFF…), cached beside the thumbnails (and evicted with them).
   */
  async preview(target: ThumbTarget): Promise<string> {
    const preview = { ...target, variant: 'preview' as const };
    const cached = await this.store.existing(preview);
    if (cached) return cached;
    if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
    return this.queue.add(preview, true, async () => this.store.write(preview, await this.source.preview(target))).promise;
  }

  /** Writes what was made: the facts into the index (for this ETag only), the picture into the cache. */
  private async keep(target: ThumbTarget, made: Made): Promise<string> {
    if (made.facts && saveFacts(this.database.sqlite, target, made.facts, factsSearchText(made.facts, made.kind))) this.factsChanged(target.profileId);
    if (!made.webp) throw new AppError('NOT_FOUND', 'No thumbnail could be made from this file.');
    return this.store.write(target, made.webp);
  }

  private factsChanged(profileId: string): void {
    this.factsChangedFor.add(profileId);
    if (this.factsTimer || this.closed) return;
    this.factsTimer = setTimeout(() => {
      this.factsTimer = undefined;
      if (this.closed) return;
      for (const id of this.factsChangedFor) this.bus.emit('library:factsChanged', { profileId: id });
      this.factsChangedFor.clear();
    }, FACTS_EVERY_MS);
  }

  /**
   * Nobody is looking at a background thumbnail, so nothing would ask for it again until the next
   * sync. One that could not reach the server waits for the connection to come back (a timeout
   * under load reads as offline until the next probe, and a retry meanwhile fails at once);
   * another passing failure is tried once more a little later.
   */
  private backgroundFailed(target: ThumbTarget, error: unknown): void {
    if (this.closed || !(error instanceof AppError) || !error.retryable) return;
    const id = JSON.stringify([target.profileId, target.key, target.etag]);
    // Only while the monitor says offline: had it come back before this failure was heard, nothing would call these again.
    if (error.code === 'NETWORK' && this.online === false) {
      if (this.awaitingNetwork.size < AWAITING_NETWORK_MAX) this.awaitingNetwork.set(id, target);
      return;
    }
    if (this.retriedLater.has(id)) return;
    this.retriedLater.add(id);
    setTimeout(() => {
      if (!this.closed) this.fromBucket(target, false).catch(() => undefined);
    }, RETRY_LATER_MS).unref();
  }

  private retryAwaitingNetwork(): void {
    if (this.closed) return;
    const targets = [...this.awaitingNetwork.values()];
    this.awaitingNetwork.clear();
    for (const target of targets) this.fromBucket(target, false).catch(() => undefined);
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
