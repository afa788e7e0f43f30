/**
 * What the transfers UI hears about uploads. Changes are collected and sent
 * a few times a second: a batch's totals (one aggregate query, whatever its
 * size) and only the items that changed since the last event (all of them in
 * a batch's first). `library:changed` after uploaded files is coalesced to
 * about once a second, so a drop of a thousand small files does not make the
 * library refetch a thousand times.
 */
import type Database from 'better-sqlite3';
import type { UploadBatchFinished, UploadBatchProgress, UploadItemView, UploadState } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import type { EventBus } from '../events';
import { getItem, type UploadRow } from './journal';

export const LIBRARY_CHANGED_EVERY_MS = 1_000;
/** Transfer rate over this window. */
const RATE_WINDOW_MS = 5_000;

interface BatchTotals {
  total: number;
  /** Bytes of the items done. */
  uploaded: number;
  done: number;
  failed: number;
  cancelled: number;
  bytesDone: number;
  bytesTotal: number;
}

type ItemRow = Pick<UploadRow, 'id' | 'batchId' | 'key' | 'localPath' | 'size' | 'bytesDone' | 'state' | 'errorCode' | 'errorMessage'>;

export function itemView(row: ItemRow): UploadItemView {
  return {
    id: row.id,
    batchId: row.batchId,
    key: row.key,
    localPath: row.localPath,
    size: row.size,
    bytesDone: row.state === 'done' ? row.size : row.bytesDone,
    state: row.state as UploadState,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
  };
}

export class UploadProgress {
  private readonly totals: Database.Statement<[string], BatchTotals>;
  private readonly allItems: Database.Statement<[string], ItemRow>;
  private readonly firstError: Database.Statement<[string], string>;
  /** Per batch: the items changed since the last event, or 'all'. */
  private readonly dirty = new Map<string, Set<number> | 'all'>();
  private readonly rates = new Map<string, { at: number; bytes: number }[]>();
  private timer: NodeJS.Timeout | null = null;
  private readonly changed = new Set<string>();
  private changedTimer: NodeJS.Timeout | null = null;
  private lastChangedAt = 0;
  private closed = false;

  constructor(
    private readonly database: IndexDatabase,
    private readonly bus: EventBus,
    private readonly intervalMs = 250,
  ) {
    this.totals = database.sqlite.prepare(
      `SELECT count(*) AS total,
              coalesce(sum(state = 'done'), 0) AS done,
              coalesce(sum(state = 'failed'), 0) AS failed,
              coalesce(sum(state = 'cancelled'), 0) AS cancelled,
              coalesce(sum(CASE WHEN state = 'done' THEN size ELSE 0 END), 0) AS uploaded,
              coalesce(sum(CASE WHEN state = 'done' THEN size ELSE bytes_done END), 0) AS bytesDone,
              coalesce(sum(CASE WHEN state = 'cancelled' THEN 0 ELSE size END), 0) AS bytesTotal
       FROM uploads WHERE batch_id = ?`,
    );
    this.allItems = database.sqlite.prepare(
      `SELECT id, batch_id AS batchId, key, local_path AS localPath, size, bytes_done AS bytesDone, state,
              error_code AS errorCode, error_message AS errorMessage
       FROM uploads WHERE batch_id = ? ORDER BY id`,
    );
    this.firstError = database.sqlite
      .prepare<[string], string>(`SELECT error_message FROM uploads WHERE batch_id = ? AND state = 'failed' ORDER BY id LIMIT 1`)
      .pluck();
  }

  /** An item changed (state, bytes); with no item, every item of the batch goes in the next event. */
  touch(batchId: string, itemId?: number): void {
    const current = this.dirty.get(batchId);
    if (itemId === undefined) this.dirty.set(batchId, 'all');
    else if (current === undefined) this.dirty.set(batchId, new Set([itemId]));
    else if (current !== 'all') current.add(itemId);
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  /** A batch's totals and every item, now (the CLI's summary, the first event). */
  snapshot(batchId: string): UploadBatchProgress {
    return this.build(batchId, this.allItems.all(batchId).map(itemView));
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    const { db } = this.database;
    for (const [batchId, ids] of this.dirty) {
      const items = ids === 'all' ? this.allItems.all(batchId).map(itemView) : [...ids].flatMap((id) => {
        const row = getItem(db, id);
        return row ? [itemView(row)] : [];
      });
      this.bus.emit('uploads:progress', this.build(batchId, items));
    }
    this.dirty.clear();
  }

  /** How a batch ended (so far): counts, bytes uploaded, the first error. */
  summary(batchId: string): UploadBatchFinished {
    const t = this.totals.get(batchId)!;
    return { batchId, done: t.done, failed: t.failed, cancelled: t.cancelled, bytes: t.uploaded, firstError: this.firstError.get(batchId) ?? null };
  }

  /** The batch is over: its last progress, then `uploads:finished`. */
  finished(batchId: string): void {
    this.flush();
    this.rates.delete(batchId);
    if (!this.closed) this.bus.emit('uploads:finished', this.summary(batchId));
  }

  /** The index gained an uploaded object: the library refetches, at most about once a second. */
  libraryChanged(profileId: string): void {
    this.changed.add(profileId);
    if (this.changedTimer || this.closed) return;
    const wait = Math.max(0, this.lastChangedAt + LIBRARY_CHANGED_EVERY_MS - Date.now());
    this.changedTimer = setTimeout(() => this.announceChanged(), wait);
    this.changedTimer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.changedTimer) clearTimeout(this.changedTimer);
    this.timer = this.changedTimer = null;
  }

  private announceChanged(): void {
    this.changedTimer = null;
    if (this.closed) return;
    this.lastChangedAt = Date.now();
    for (const profileId of this.changed) this.bus.emit('library:changed', { profileId });
    this.changed.clear();
  }

  private build(batchId: string, items: UploadItemView[]): UploadBatchProgress {
    const t = this.totals.get(batchId)!;
    const now = Date.now();
    const samples = (this.rates.get(batchId) ?? []).filter((s) => now - s.at < RATE_WINDOW_MS);
    samples.push({ at: now, bytes: t.bytesDone });
    this.rates.set(batchId, samples);
    const first = samples[0]!;
    const rateBps = now - first.at > 250 ? ((t.bytesDone - first.bytes) * 1000) / (now - first.at) : 0;
    return {
      batchId,
      items,
      bytesDone: t.bytesDone,
      bytesTotal: t.bytesTotal,
      rateBps,
      etaSeconds: rateBps > 0 ? Math.ceil((t.bytesTotal - t.bytesDone) / rateBps) : null,
      done: t.done,
      failed: t.failed,
      cancelled: t.cancelled,
      total: t.total,
    };
  }
}
