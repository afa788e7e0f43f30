/**
 * Runs syncs: list the bucket (lister) → write pages (index-writer) → sweep
 * what is gone, only after a listing that completed and only within the
 * deletion threshold unless confirmed → record the run (run-log). One sync
 * at a time per profile; cancel aborts the SDK calls in flight.
 */
import { RESERVED_PREFIX } from '../../../shared/connection-check';
import { and, count, eq } from 'drizzle-orm';
import { setImmediate } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { SyncProgress, SyncResult, SyncStatus, UnclassifiedItem } from '../../../shared/sync';
import type { IndexDatabase } from '../db/database';
import { models, objects, posts } from '../db/schema';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import type { ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { IndexWriter } from './index-writer';
import { listBucket, type ListStrategy } from './lister';
import { finishRun, lastRun, startRun } from './run-log';
import { toAppError } from '../s3/errors';

export interface SyncOptions {
  /** Remove what the listing no longer saw even beyond the threshold. */
  confirmDeletes?: boolean;
  pageSize?: number;
  concurrency?: number;
  strategy?: ListStrategy;
  signal?: AbortSignal;
  /** Called with every progress update (the CLI's progress line); the bus gets them too. */
  onProgress?: (progress: SyncProgress) => void;
}

/** How syncs run unless a call says otherwise; hosts and tests tune it. */
export interface SyncTuning {
  /** Keys per listing page (S3's most is 1,000; small pages make progress visible in tests). */
  pageSize?: number;
  /** The most ranges listed at once. */
  concurrency?: number;
  /** Fraction of the index a sync may remove without confirmation. */
  deleteThreshold?: number;
}

export interface SyncServiceDeps extends SyncTuning {
  database: IndexDatabase;
  bus: EventBus;
  log: Logger;
  /** The profile's client for listings (the core's pool). */
  client: (profile: ProfileRow) => Promise<PooledClient>;
}

const PROGRESS_EVERY_MS = 200;
const CHANGED_EVERY_MS = 1000;

export class SyncService {
  private readonly active = new Map<string, { controller: AbortController; progress: SyncProgress }>();

  constructor(private readonly deps: SyncServiceDeps) {}

  isRunning(profileId: string): boolean {
    return this.active.has(profileId);
  }

  cancel(profileId: string): boolean {
    const run = this.active.get(profileId);
    if (!run) return false;
    run.controller.abort(new AppError('CANCELLED', 'The sync was cancelled.'));
    return true;
  }

  /** On shutdown: abort every run (each page already committed stays; nothing is swept). */
  cancelAll(): void {
    for (const profileId of this.active.keys()) this.cancel(profileId);
  }

  status(profileId: string): SyncStatus {
    const run = this.active.get(profileId);
    return { running: !!run, progress: run?.progress ?? null, lastRun: lastRun(this.deps.database.db, profileId) };
  }

  unclassified(profileId: string, limit = 500): UnclassifiedItem[] {
    return this.deps.database.db
      .select({ key: objects.key, size: objects.size, lastModified: objects.lastModified })
      .from(objects)
      .where(and(eq(objects.profileId, profileId), eq(objects.role, 'unclassified')))
      .orderBy(objects.key)
      .limit(limit)
      .all();
  }

  async run(profile: ProfileRow, options: SyncOptions = {}): Promise<SyncResult> {
    if (this.active.has(profile.id)) throw new AppError('BUSY', `A sync of "${profile.name}" is already running.`);
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const { database, bus, log } = this.deps;
    const started = Date.now();
    const runId = startRun(database.db, profile.id, started);
    const progress: SyncProgress = {
      profileId: profile.id,
      runId,
      phase: 'listing',
      status: 'running',
      objects: 0,
      pages: 0,
      added: 0,
      updated: 0,
      removed: 0,
      rate: 0,
      elapsedMs: 0,
    };
    this.active.set(profile.id, { controller, progress });
    let unclassified = 0;
    let lastProgress = 0;
    let lastChanged = 0;
    let changedSinceEvent = false;
    const publish = (force = false) => {
      const now = Date.now();
      progress.elapsedMs = now - started;
      progress.rate = progress.elapsedMs > 0 ? Math.round((progress.objects * 1000) / progress.elapsedMs) : 0;
      if (!force && now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const snapshot = { ...progress };
      options.onProgress?.(snapshot);
      bus.emit('sync:progress', snapshot);
      if (changedSinceEvent && (force || now - lastChanged >= CHANGED_EVERY_MS)) {
        lastChanged = now;
        changedSinceEvent = false;
        bus.emit('library:changed', { profileId: profile.id });
      }
    };

    let writer: IndexWriter | undefined;
    try {
      const { client, connection } = await this.deps.client(profile);
      writer = new IndexWriter(database.sqlite, profile.id, runId, connection.rootPrefix);
      const reserved = `${connection.rootPrefix}${RESERVED_PREFIX}`;
      const w = writer;
      const writeTurn = pLimit(1);
      let listed;
      try {
        listed = await listBucket({
          client,
          bucket: connection.bucket,
          prefix: connection.rootPrefix,
          pageSize: options.pageSize ?? this.deps.pageSize,
          concurrency: options.concurrency ?? this.deps.concurrency ?? 6,
          strategy: options.strategy,
          signal: controller.signal,
          // Pages from several ranges arrive together, and each write holds the thread ~15 ms: they are
          // written one per turn of the event loop, so a call that came in meanwhile (the app browsing)
          // goes between two writes instead of after all of them.
          onPage: (listedPage) =>
            writeTurn(async () => {
              await setImmediate();
              if (controller.signal.aborted) throw controller.signal.reason;
              // The connection check's probe object lives under a reserved prefix and is no media.
              const page = listedPage.filter((o) => !o.key.startsWith(reserved));
              const stats = w.writePage(page);
              progress.objects += page.length;
              progress.pages++;
              progress.added += stats.added;
              progress.updated += stats.updated;
              unclassified += stats.unclassified;
              if (stats.added + stats.updated + stats.redated > 0) changedSinceEvent = true;
              publish();
            }),
        });
      } catch (error) {
        throw toAppError(controller.signal.aborted ? (controller.signal.reason ?? error) : error, connection);
      }

      // The listing completed: only now may anything be removed.
      progress.phase = 'sweeping';
      const pending = writer.removalsPending();
      const totals = writer.seenTotals();
      progress.objects = totals.objects;
      unclassified = totals.unclassified;
      const threshold = this.deps.deleteThreshold ?? 0.5;
      // Measured against the index as it was before this run (a bucket renamed wholesale is 100 %, not 50 %).
      const before = pending.indexed - progress.added;
      const implausible = pending.removals > 0 && (pending.seen === 0 || pending.removals > before * threshold);
      let removed = 0;
      let status: 'completed' | 'needs_confirmation' = 'completed';
      if (implausible && !options.confirmDeletes) {
        status = 'needs_confirmation';
        log.warn('sync held back removals', { profileId: profile.id, runId, removals: pending.removals, indexed: pending.indexed });
      } else if (pending.removals > 0) {
        removed = writer.sweep();
        changedSinceEvent = true;
      }
      progress.removed = removed;
      progress.phase = 'done';
      progress.status = status;
      const end = {
        status,
        objects: progress.objects,
        pages: progress.pages,
        added: progress.added,
        updated: progress.updated,
        removed,
        unclassified,
        pendingRemovals: status === 'needs_confirmation' ? pending.removals : 0,
      };
      finishRun(database.db, runId, end);
      publish(true);
      log.info('sync finished', { profileId: profile.id, runId, strategy: listed.strategy, pace: listed.pace, ...end, ms: Date.now() - started });
      return {
        ...lastRun(database.db, profile.id)!,
        ...this.counts(profile.id),
        strategy: listed.strategy,
        pace: listed.pace,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      const appError = error instanceof AppError ? error : toAppError(error, { endpoint: profile.endpoint, bucket: profile.bucket });
      const status = appError.code === 'CANCELLED' ? 'cancelled' : 'failed';
      if (status === 'failed') log.error('sync failed', { profileId: profile.id, runId, code: appError.code, cause: String(appError.cause ?? appError) });
      finishRun(database.db, runId, {
        status,
        objects: progress.objects,
        pages: progress.pages,
        added: progress.added,
        updated: progress.updated,
        removed: 0,
        unclassified,
        pendingRemovals: 0,
        errorCode: appError.code,
        errorMessage: appError.message,
      });
      progress.phase = 'done';
      progress.status = status;
      publish(true);
      throw appError;
    } finally {
      writer?.dispose();
      options.signal?.removeEventListener('abort', onOuterAbort);
      this.active.delete(profile.id);
    }
  }

  /** Index totals for a profile (the CLI's sync report). */
  counts(profileId: string): { models: number; posts: number; media: number } {
    const { db } = this.deps.database;
    const n = (rows: { n: number }[]) => rows[0]?.n ?? 0;
    return {
      models: n(db.select({ n: count() }).from(models).where(eq(models.profileId, profileId)).all()),
      posts: n(db.select({ n: count() }).from(posts).where(eq(posts.profileId, profileId)).all()),
      media: n(
        db
          .select({ n: count() })
          .from(objects)
          .where(and(eq(objects.profileId, profileId), eq(objects.role, 'media')))
          .all(),
      ),
    };
  }
}
