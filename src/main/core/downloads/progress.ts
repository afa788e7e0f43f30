/**
 * What the transfers UI hears about downloads: a batch's totals (one
 * aggregate query) and only the items that changed, a few times a second.
 * Bytes of chunks still arriving are kept in memory (the journal records
 * whole chunks), so a single large file's bar moves smoothly.
 */
import type Database from 'better-sqlite3';
import type { DownloadBatchFinished, DownloadItemView, DownloadProgress, DownloadPurpose, DownloadState } from '../../../shared/downloads';
import type { IndexDatabase } from '../db/database';
import type { EventBus } from '../events';
import type { DownloadRow } from './journal';

const RATE_WINDOW_MS = 5_000;

interface BatchTotals {
  total: number;
  done: number;
  failed: number;
  cancelled: number;
  bytesDone: number;
  bytesTotal: number;
  purpose: DownloadPurpose;
}

type ItemRow = Pick<DownloadRow, 'id' | 'batchId' | 'purpose' | 'key' | 'size' | 'bytesDone' | 'state' | 'errorCode' | 'errorMessage'>;

export type DownloadSummary = DownloadBatchFinished;

export class DownloadReporter {
  private readonly totals: Database.Statement<[string], BatchTotals>;
  private readonly item: Database.Statement<[number], ItemRow>;
  private readonly allItems: Database.Statement<[string], ItemRow>;
  private readonly dirty = new Map<string, Set<number> | 'all'>();
  /** Bytes written of chunks not journaled yet, by item. */
  private readonly live = new Map<number, { batchId: string; bytes: number }>();
  private readonly rates = new Map<string, { at: number; bytes: number }[]>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    database: IndexDatabase,
    private readonly bus: EventBus,
    private readonly intervalMs = 250,
  ) {
    const { sqlite } = database;
    this.totals = sqlite.prepare(
      `SELECT count(*) AS total,
              coalesce(sum(state = 'done'), 0) AS done,
              coalesce(sum(state = 'failed'), 0) AS failed,
              coalesce(sum(state = 'cancelled'), 0) AS cancelled,
              coalesce(sum(CASE WHEN state = 'done' THEN size ELSE bytes_done END), 0) AS bytesDone,
              coalesce(sum(CASE WHEN state = 'cancelled' THEN 0 ELSE size END), 0) AS bytesTotal,
              max(purpose) AS purpose
       FROM downloads WHERE batch_id = ?`,
    );
    const columns = `id, batch_id AS batchId, purpose, key, size, bytes_done AS bytesDone, state, error_code AS errorCode, error_message AS errorMessage`;
    this.item = sqlite.prepare(`SELECT ${columns} FROM downloads WHERE id = ?`);
    this.allItems = sqlite.prepare(`SELECT ${columns} FROM downloads WHERE batch_id = ? ORDER BY id`);
  }

  view(row: ItemRow): DownloadItemView {
    const live = row.state === 'downloading' ? (this.live.get(row.id)?.bytes ?? 0) : 0;
    return {
      id: row.id,
      batchId: row.batchId,
      purpose: row.purpose as DownloadPurpose,
      key: row.key,
      size: row.size,
      bytesDone: row.state === 'done' ? row.size : Math.min(row.size, row.bytesDone + live),
      state: row.state as DownloadState,
      errorCode: row.errorCode,
      errorMessage: row.errorMessage,
    };
  }

  /** Bytes arrived for an item (not journaled yet). */
  bytes(batchId: string, id: number, count: number): void {
    const entry = this.live.get(id);
    if (entry) entry.bytes += count;
    else this.live.set(id, { batchId, bytes: count });
    this.touch(batchId, id);
  }

  /** The journal now holds `journaled` more of the item's bytes (a chunk was recorded); ended or restarted items pass none and lose theirs. */
  settled(id: number, journaled?: number): void {
    const entry = this.live.get(id);
    if (!entry) return;
    if (journaled === undefined) this.live.delete(id);
    else entry.bytes = Math.max(0, entry.bytes - journaled);
  }

  touch(batchId: string, id?: number): void {
    const current = this.dirty.get(batchId);
    if (id === undefined) this.dirty.set(batchId, 'all');
    else if (current === undefined) this.dirty.set(batchId, new Set([id]));
    else if (current !== 'all') current.add(id);
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed) return;
    for (const [batchId, ids] of this.dirty) {
      const rows = ids === 'all' ? this.allItems.all(batchId) : [...ids].flatMap((id) => this.item.all(id));
      this.bus.emit('downloads:progress', this.build(batchId, rows.map((r) => this.view(r))));
    }
    this.dirty.clear();
  }

  summary(batchId: string): DownloadSummary {
    const t = this.totals.get(batchId)!;
    const rows = this.allItems.all(batchId);
    return {
      batchId,
      purpose: t.purpose,
      done: t.done,
      failed: t.failed,
      cancelled: t.cancelled,
      bytes: rows.filter((r) => r.state === 'done').reduce((n, r) => n + r.size, 0),
      failures: rows.filter((r) => r.state === 'failed').map((r) => ({ key: r.key, code: r.errorCode ?? 'INTERNAL', message: r.errorMessage ?? '' })),
    };
  }

  finished(batchId: string): void {
    this.flush();
    this.rates.delete(batchId);
    if (!this.closed) this.bus.emit('downloads:finished', this.summary(batchId));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private build(batchId: string, items: DownloadItemView[]): DownloadProgress {
    const t = this.totals.get(batchId)!;
    let inFlight = 0;
    for (const entry of this.live.values()) if (entry.batchId === batchId) inFlight += entry.bytes;
    const bytesDone = Math.min(t.bytesTotal, t.bytesDone + inFlight);
    const now = Date.now();
    const samples = (this.rates.get(batchId) ?? []).filter((s) => now - s.at < RATE_WINDOW_MS);
    samples.push({ at: now, bytes: bytesDone });
    this.rates.set(batchId, samples);
    const first = samples[0]!;
    const rateBps = now - first.at > 250 ? ((bytesDone - first.bytes) * 1000) / (now - first.at) : 0;
    return { batchId, purpose: t.purpose, items, bytesDone, bytesTotal: t.bytesTotal, rateBps, done: t.done, failed: t.failed, cancelled: t.cancelled, total: t.total };
  }
}
