/**
 * "Keep offline": pinned posts and models have their originals in a store in
 * the data directory, kept in step with the index — after every change to it
 * (a sync, an upload, a move) the store fetches what the pins want and lacks
 * and drops what no pin wants any more. Files are named by content (ETag +
 * size) so a moved object is not fetched again. A size limit caps the store;
 * what does not fit is reported on its pin, never silently skipped.
 *
 * The downloads themselves are the download queue's (purpose `offline`,
 * fsynced before their rename); the viewer reads them through
 * `originalSource` (original-source.ts).
 *
 * About 370 lines on purpose: the one owner of the store's live state (the
 * reconcile in flight, the pins' progress, the size limit's accounting);
 * fetching and verifying are the download queue's, naming is content-addressed here.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { OfflineItemStatus, OfflinePinView, OfflineUsage, PinState, Verification } from '../../../shared/downloads';
import type { IndexDatabase } from '../db/database';
import { offlineFiles, offlinePins, settings } from '../db/schema';
import type { DownloadService, DoneFile } from '../downloads/service';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { bareEtag, OfflineQueries } from './queries';

export const OFFLINE_LIMIT_SETTING = 'offline.limitBytes';
export const DEFAULT_OFFLINE_LIMIT = 20 * 1024 ** 3;
/** `offline:changed` at most this often while files arrive. */
const CHANGED_EVERY_MS = 1_000;

export interface OfflineStoreOptions {
  database: IndexDatabase;
  dataDir: string;
  downloads: DownloadService;
  bus: EventBus;
  log: Logger;
}

/** A pin's place: a whole model (post null) or one post. */
export interface PinScope {
  model: string;
  post: string | null;
}

export function describeScope(scope: PinScope): string {
  return scope.post === null ? `the model "${scope.model}"` : `"${scope.model}/${scope.post}"`;
}

export class OfflineStore {
  readonly dir: string;
  private readonly queries: OfflineQueries;
  /** Per profile: bytes the pins want that did not fit under the limit at the last reconcile. */
  private readonly overLimit = new Map<string, number>();
  private readonly reconciling = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private changedTimer: NodeJS.Timeout | null = null;
  private lastChangedAt = 0;
  private readonly changed = new Set<string>();

  constructor(private readonly options: OfflineStoreOptions) {
    this.dir = join(options.dataDir, 'offline');
    this.queries = new OfflineQueries(options.database.sqlite);
    options.downloads.handle('offline', {
      durable: true,
      onDone: (file) => this.stored(file),
    });
  }

  private get db() {
    return this.options.database.db;
  }

  /** Where a version's file lives, relative to the store. */
  fileFor(profileId: string, etag: string, size: number): string {
    const hash = createHash('sha256').update(`${bareEtag(etag)}\u0000${size}`).digest('hex').slice(0, 40);
    return join(profileId, hash.slice(0, 2), hash);
  }

  limit(): number {
    const row = this.db.select().from(settings).where(eq(settings.key, OFFLINE_LIMIT_SETTING)).get();
    const value = row ? Number(row.value) : NaN;
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_OFFLINE_LIMIT;
  }

  async setLimit(bytes: number): Promise<void> {
    const now = Date.now();
    this.db
      .insert(settings)
      .values({ key: OFFLINE_LIMIT_SETTING, value: String(bytes), updatedAt: now })
      .onConflictDoUpdate({ target: settings.key, set: { value: String(bytes), updatedAt: now } })
      .run();
    for (const profileId of this.queries.profilesWithPins()) await this.reconcile(profileId);
  }

  /** Keeps a post (or a whole model) offline and starts fetching it. */
  async pin(profileId: string, scope: PinScope): Promise<OfflinePinView> {
    const post = scope.post ?? '';
    const size = this.queries.scopeSize(profileId, scope.model, post);
    if (size.files === 0) throw new AppError('NOT_FOUND', `${describeScope(scope)} has no media in the library. Sync first, or check the name.`);
    const room = this.limit() - this.queries.usedBytes() - this.inFlightBytes();
    if (size.missing > room) {
      throw new AppError(
        'STORAGE_LIMIT',
        `Keeping ${describeScope(scope)} offline needs ${gib(size.missing)} more, but the offline store has ${gib(Math.max(0, room))} left of its ${gib(this.limit())} limit. Raise the limit in Settings › Offline storage, or unpin something.`,
      );
    }
    // Pinned again after a cancel: fetching resumes.
    this.db
      .insert(offlinePins)
      .values({ profileId, model: scope.model, post, createdAt: Date.now() })
      .onConflictDoUpdate({ target: [offlinePins.profileId, offlinePins.model, offlinePins.post], set: { cancelledAt: null } })
      .run();
    await this.reconcile(profileId);
    return this.pins(profileId).find((p) => p.model === scope.model && (p.post ?? '') === post)!;
  }

  /** Stops keeping it offline: its files no other pin wants are deleted. */
  async unpin(profileId: string, scope: PinScope): Promise<{ freedBytes: number }> {
    const removed = this.db
      .delete(offlinePins)
      .where(and(eq(offlinePins.profileId, profileId), eq(offlinePins.model, scope.model), eq(offlinePins.post, scope.post ?? '')))
      .run().changes;
    if (removed === 0) throw new AppError('NOT_FOUND', `${describeScope(scope)} is not kept offline.`);
    const before = this.queries.usedBytes();
    await this.reconcile(profileId);
    return { freedBytes: Math.max(0, before - this.queries.usedBytes()) };
  }

  /**
   * Cancels downloads (one, or all) as the person asked in the dock. A pin
   * whose download is cancelled stops fetching: it keeps what it has and
   * says "Cancelled" until it is kept offline again (a sync would otherwise
   * fetch the cancelled files once more).
   */
  async cancelDownloads(id?: number): Promise<void> {
    const { downloads } = this.options;
    const offline = [...downloads.active('offline'), ...downloads.failed('offline')].filter((r) => id === undefined || r.id === id);
    await downloads.cancel(id);
    const now = Date.now();
    const profiles = new Set<string>();
    for (const row of offline) {
      for (const pin of this.queries.covering(row.profileId, row.key)) {
        this.db
          .update(offlinePins)
          .set({ cancelledAt: now })
          .where(and(eq(offlinePins.profileId, row.profileId), eq(offlinePins.model, pin.model), eq(offlinePins.post, pin.post)))
          .run();
        profiles.add(row.profileId);
      }
    }
    for (const profileId of profiles) this.announce(profileId);
  }

  pins(profileId: string): OfflinePinView[] {
    const failures = new Map<string, { code: string | null; message: string | null }>();
    for (const f of this.queries.failures(profileId)) if (!failures.has(`${f.model}\u0000${f.post}`)) failures.set(`${f.model}\u0000${f.post}`, f);
    const running = new Set(this.queries.running(profileId).map((r) => `${r.model}\u0000${r.post}`));
    const pending = new Set(this.queries.pending(profileId).map((r) => `${r.model}\u0000${r.post}`));
    const over = this.overLimit.get(profileId) ?? 0;
    return this.queries.pins(profileId).map((p) => {
      const id = `${p.model}\u0000${p.post}`;
      const complete = p.filesDone === p.files;
      let state: PinState = complete ? 'done' : running.has(id) || p.filesDone > 0 ? 'downloading' : 'queued';
      let message: string | null = null;
      let errorCode: string | null = null;
      const failure = failures.get(id);
      if (!complete && p.cancelledAt !== null && !pending.has(id)) {
        state = 'cancelled';
      } else if (!complete && failure) {
        state = 'error';
        message = failure.message ?? 'Some files could not be downloaded.';
        errorCode = failure.code ?? 'INTERNAL';
      } else if (!complete && over > 0 && !running.has(id)) {
        state = 'error';
        errorCode = 'STORAGE_LIMIT';
        message = `The offline store is full (${gib(this.limit())} limit): ${gib(p.bytes - p.bytesDone)} of this could not be kept. Raise the limit in Settings › Offline storage, or unpin something.`;
      }
      return { model: p.model, post: p.post === '' ? null : p.post, state, files: p.files, filesDone: p.filesDone, bytes: p.bytes, bytesDone: p.bytesDone, message, errorCode, createdAt: p.createdAt };
    });
  }

  usage(profileId: string): OfflineUsage {
    const pins = this.pins(profileId);
    return { usedBytes: this.queries.usedBytes(), limitBytes: this.limit(), wantedBytes: pins.reduce((n, p) => n + p.bytes, 0), pins };
  }

  itemStatus(profileId: string, key: string): OfflineItemStatus {
    const row = this.queries.item(profileId, key);
    return { pinned: !!row?.pinned, available: !!row?.file };
  }

  /** The store's verified file of a version (by content), if it holds one: exports and drags copy it. */
  async storedFile(profileId: string, etag: string, size: number): Promise<{ path: string; verified: Verification } | null> {
    const row = this.db
      .select()
      .from(offlineFiles)
      .where(and(eq(offlineFiles.profileId, profileId), eq(offlineFiles.etag, bareEtag(etag)), eq(offlineFiles.size, size)))
      .get();
    if (!row) return null;
    const path = join(this.dir, row.file);
    const found = await stat(path).catch(() => null);
    return found?.isFile() && found.size === size ? { path, verified: row.verified as Verification } : null;
  }

  /** The store file holding `key`'s current version (the index's), or null. */
  async localFile(profileId: string, key: string): Promise<{ path: string; size: number } | null> {
    const row = this.queries.item(profileId, key);
    if (!row?.file) return null;
    const path = join(this.dir, row.file);
    const found = await stat(path).catch(() => null);
    if (found?.isFile() && found.size === row.size) return { path, size: row.size };
    // Deleted or damaged by hand: forgotten, and fetched again at the next reconcile.
    this.forget(profileId, row.etag, row.size);
    return null;
  }

  /**
   * Brings the store in step with the pins and the index: fetches what is
   * wanted and missing (within the limit), drops what is no longer wanted.
   * Concurrent calls for one profile coalesce into one more run.
   */
  reconcile(profileId: string): Promise<void> {
    const running = this.reconciling.get(profileId);
    if (running) {
      this.again.add(profileId);
      return running;
    }
    const run = this.reconcileOnce(profileId).finally(() => {
      this.reconciling.delete(profileId);
      if (this.again.delete(profileId)) void this.reconcile(profileId);
    });
    this.reconciling.set(profileId, run);
    return run;
  }

  /** Profiles with something kept offline. */
  pinnedProfiles(): string[] {
    return this.queries.profilesWithPins();
  }

  /** After a start: continue what a quit left, then check every pinned profile. */
  async start(): Promise<void> {
    this.options.downloads.resumeInterrupted('offline');
    for (const profileId of this.queries.profilesWithPins()) await this.reconcile(profileId);
  }

  /** Resolves when no offline download of the profile is queued or running (the CLI's `pin` waits for it). */
  async settled(profileId: string): Promise<void> {
    await this.reconcile(profileId);
    for (;;) {
      const active = this.options.downloads.active('offline').filter((r) => r.profileId === profileId && r.state !== 'paused');
      if (active.length === 0) return;
      await Promise.all([...new Set(active.map((r) => r.batchId))].map((b) => this.options.downloads.waitForBatch(b)));
    }
  }

  private inFlightBytes(): number {
    return this.options.downloads.active('offline').reduce((n, r) => n + r.size, 0);
  }

  private async reconcileOnce(profileId: string): Promise<void> {
    const { downloads, log } = this.options;
    if (!this.queries.hasAny(profileId)) return;
    // Drop first: what no pin wants frees room for what one does.
    for (const file of this.queries.unwanted(profileId)) {
      this.forget(profileId, file.etag, file.size);
      await rm(join(this.dir, file.file), { force: true });
    }
    const wanted = this.queries.wanted(profileId);
    const wantedPaths = new Set(wanted.map((w) => this.pathFor(profileId, w.etag, w.size)));
    const present = new Set(
      this.db
        .select({ file: offlineFiles.file })
        .from(offlineFiles)
        .where(eq(offlineFiles.profileId, profileId))
        .all()
        .map((r) => join(this.dir, r.file)),
    );
    const mine = (r: { profileId: string }) => r.profileId === profileId;
    // Downloads of versions no pin wants any more (unpinned, or changed in the bucket) stop.
    await downloads.cancel(undefined, (r) => r.purpose === 'offline' && mine(r) && !wantedPaths.has(r.dest));
    const active = new Map(downloads.active('offline').filter(mine).map((r) => [r.dest, r]));
    const failed = new Map(downloads.failed('offline').filter(mine).map((r) => [r.dest, r]));

    let room = this.limit() - this.queries.usedBytes() - [...active.values()].reduce((n, r) => n + r.size, 0);
    let over = 0;
    const fresh = [];
    const seen = new Set<string>();
    for (const w of wanted) {
      const dest = this.pathFor(profileId, w.etag, w.size);
      if (present.has(dest) || active.has(dest) || seen.has(dest) || w.held) continue;
      seen.add(dest);
      if (w.size > room) {
        over += w.size;
        continue;
      }
      room -= w.size;
      const retry = failed.get(dest);
      if (retry) downloads.retry(retry.id);
      else fresh.push({ key: w.key, etag: bareEtag(w.etag), size: w.size, lastModified: w.lastModified, dest, temp: join(this.dir, '.partial', `${dest.slice(-40)}.part`) });
    }
    if (over > 0) log.warn('offline store: limit reached', { profileId, overBytes: over, limit: this.limit() });
    if (over > 0) this.overLimit.set(profileId, over);
    else this.overLimit.delete(profileId);
    if (fresh.length > 0) downloads.enqueue(profileId, 'offline', fresh);
    await this.sweepPartials();
    this.announce(profileId);
  }

  private pathFor(profileId: string, etag: string, size: number): string {
    return join(this.dir, this.fileFor(profileId, etag, size));
  }

  /** A finished download: the file is in its place (moved there if the object changed meanwhile); the row records it. */
  private async stored({ row, verified }: DoneFile): Promise<void> {
    const file = this.fileFor(row.profileId, row.etag, row.size);
    const path = join(this.dir, file);
    if (path !== row.dest) {
      // The object changed while it was fetched: its new version goes under its own name.
      await mkdir(dirname(path), { recursive: true });
      await rename(row.dest, path);
    }
    this.db
      .insert(offlineFiles)
      .values({ profileId: row.profileId, etag: bareEtag(row.etag), size: row.size, file, verified, createdAt: Date.now() })
      .onConflictDoUpdate({ target: [offlineFiles.profileId, offlineFiles.etag, offlineFiles.size], set: { file, verified } })
      .run();
    this.announce(row.profileId);
  }

  private forget(profileId: string, etag: string, size: number): void {
    this.db
      .delete(offlineFiles)
      .where(and(eq(offlineFiles.profileId, profileId), eq(offlineFiles.etag, bareEtag(etag)), eq(offlineFiles.size, size)))
      .run();
  }

  /** Partial files no journaled download owns any more (a cancelled one whose delete failed). */
  private async sweepPartials(): Promise<void> {
    const owned = new Set(this.options.downloads.active('offline').concat(this.options.downloads.failed('offline')).map((r) => r.temp));
    const dir = join(this.dir, '.partial');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (!owned.has(join(dir, name))) await rm(join(dir, name), { force: true });
  }

  /** Pins and usage changed: the renderer refetches them, at most about once a second. */
  private announce(profileId: string): void {
    this.changed.add(profileId);
    if (this.changedTimer) return;
    const wait = Math.max(0, this.lastChangedAt + CHANGED_EVERY_MS - Date.now());
    this.changedTimer = setTimeout(() => {
      this.changedTimer = null;
      this.lastChangedAt = Date.now();
      for (const id of this.changed) this.options.bus.emit('offline:changed', { profileId: id });
      this.changed.clear();
    }, wait);
    this.changedTimer.unref?.();
  }

  close(): void {
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.changedTimer = null;
  }
}

function gib(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}
