/**
 * The download queue: journals files (journal.ts), runs them with one global
 * cap on GETs in flight and a cap on files at once, largest first, each file
 * through fetch-file.ts; a changed object restarts its file at the new
 * version (a HeadObject says which), a file whose bytes fail the ETag check
 * is fetched again once. Every state change goes through one transition
 * function; progress goes through the reporter. After a restart
 * `resumeInterrupted()` continues from the partial files.
 *
 * The offline store, exports, drags and the CLI's `get` are its callers:
 * each decides where a file goes and hears when it is done (`onDone`).
 *
 * About 400 lines on purpose, as uploads/service.ts: the one owner of the
 * queue's live state (running items and why each stops, who waits for a
 * batch, each purpose's hooks); fetching, the journal, transitions and
 * progress live beside it.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { constants } from 'node:fs';
import { copyFile, mkdir, rename, rm, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { DownloadItemView, DownloadPurpose, DownloadState, Verification } from '../../../shared/downloads';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { toAppError } from '../s3/errors';
import { fetchFile, ObjectChanged } from './fetch-file';
import {
  chunksOf,
  clearFinishedDownloads,
  countInBatch,
  downloadsInStates,
  getDownload,
  journalDownloads,
  recentDownloads,
  recordChunk,
  restartDownload,
  updateDownload,
  type DownloadRow,
  type NewDownload,
} from './journal';
import { DownloadReporter, type DownloadSummary } from './progress';
import { ACTIVE_DOWNLOAD_STATES, downloadStatesFor, nextDownloadState, type DownloadAction } from './transitions';

const MiB = 1024 * 1024;

/** How the queue runs; hosts, benches and tests tune it. */
export interface DownloadTuning {
  /** GETs in flight across every file. */
  concurrency?: number;
  /** Files fetching at once. */
  filesAtOnce?: number;
  /** Bytes per ranged GET (grown so no file needs more than 10,000 chunks). */
  chunkSize?: number;
  /** Ranged GETs in flight for one file (default 4, as rclone's multi-thread streams). */
  streamsPerFile?: number;
  progressIntervalMs?: number;
  /** Called after a chunk is journaled (tests stop a process here). */
  onChunkJournaled?(id: number, chunk: number, chunksDone: number): void;
}

export interface DownloadServiceOptions extends DownloadTuning {
  database: IndexDatabase;
  bus: EventBus;
  log: Logger;
  /** The profile's client for transfers (the core's pool). */
  client(profile: ProfileRow): Promise<PooledClient>;
  /** A verified local copy of this version, if one exists (the offline store): exports and drags copy it instead of fetching. */
  localCopy?(row: DownloadRow): Promise<{ path: string; verified: Verification } | null>;
}

/** What a finished file's owner learns. */
export interface DoneFile {
  row: DownloadRow;
  verified: Verification;
}

/** A file's object changed on the server: the new version it restarts at. */
export interface ChangedFile {
  row: DownloadRow;
  etag: string;
  size: number;
  lastModified: number;
}

export interface PurposeHooks {
  onDone?(file: DoneFile): void | Promise<void>;
  onChanged?(file: ChangedFile): void;
  /** fsync before the rename. */
  durable?: boolean;
}

export type NewFile = Omit<NewDownload, 'chunkSize'>;

type StopReason = 'pause' | 'cancel';

export class DownloadService {
  private readonly files: LimitFunction;
  private readonly requests: LimitFunction;
  private readonly running = new Map<number, { controller: AbortController; reason: StopReason | null }>();
  private readonly scheduled = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private readonly hooks = new Map<DownloadPurpose, PurposeHooks>();
  private readonly reporter: DownloadReporter;
  private closed = false;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: DownloadServiceOptions) {
    this.files = pLimit(options.filesAtOnce ?? 16);
    this.requests = pLimit(options.concurrency ?? 16);
    this.reporter = new DownloadReporter(options.database, options.bus, options.progressIntervalMs);
  }

  private get db() {
    return this.options.database.db;
  }

  /** The owner of a purpose (the offline store, exports…) hears its files finish here. */
  handle(purpose: DownloadPurpose, hooks: PurposeHooks): void {
    this.hooks.set(purpose, hooks);
  }

  /** The chunk size for a file of `size` bytes: the tuned size, grown to stay within 10,000 chunks. */
  chunkSizeFor(size: number): number {
    const preferred = this.options.chunkSize ?? 8 * MiB;
    return Math.max(preferred, Math.ceil(size / 10_000 / MiB) * MiB);
  }

  /** Journals and starts files; resolves with the batch. */
  enqueue(profileId: string, purpose: DownloadPurpose, files: NewFile[]): { batchId: string; rows: DownloadRow[] } {
    const batch = journalDownloads(
      this.db,
      profileId,
      purpose,
      files.map((f) => ({ ...f, chunkSize: this.chunkSizeFor(f.size) })),
    );
    this.reporter.touch(batch.batchId);
    if (batch.rows.length === 0) this.reporter.finished(batch.batchId);
    this.pump();
    return batch;
  }

  /** Queues an existing row again (the CLI's `get` continuing a partial file it journaled before). */
  requeue(id: number): void {
    const row = getDownload(this.db, id);
    // Already running or waiting for a slot in this run: nothing to do (and its state is not ours to move).
    if (!row || this.running.has(id) || this.scheduled.has(id)) return;
    this.move(row, row.state === 'failed' ? 'retry' : row.state === 'paused' ? 'resume' : 'interrupted');
    this.pump();
  }

  list(): DownloadItemView[] {
    return recentDownloads(this.db).map((r) => this.reporter.view(r));
  }

  /** Files a previous run left unfinished (crash or quit). */
  interrupted(purpose?: DownloadPurpose): DownloadRow[] {
    return downloadsInStates(this.db, ['queued', 'downloading'], purpose).filter((r) => !this.running.has(r.id) && !this.scheduled.has(r.id));
  }

  /** Continues every unfinished file from its partial file. */
  resumeInterrupted(purpose?: DownloadPurpose): number {
    const rows = this.interrupted(purpose);
    for (const row of rows) this.move(row, 'interrupted');
    this.pump();
    return rows.length;
  }

  /** Rows still queued, running or paused for a purpose (the offline store avoids queueing a file twice). */
  active(purpose: DownloadPurpose): DownloadRow[] {
    return downloadsInStates(this.db, ACTIVE_DOWNLOAD_STATES, purpose);
  }

  failed(purpose: DownloadPurpose): DownloadRow[] {
    return downloadsInStates(this.db, ['failed'], purpose);
  }

  pause(id?: number): void {
    for (const row of this.target(id, 'pause')) {
      const run = this.running.get(row.id);
      if (run) this.stop(run, 'pause');
      else this.move(row, 'pause');
    }
  }

  resume(id?: number): void {
    for (const row of this.target(id, 'resume')) this.move(row, 'resume');
    this.pump();
  }

  retry(id?: number): void {
    for (const row of this.target(id, 'retry')) this.move(row, 'retry', { errorCode: null, errorMessage: null });
    this.pump();
  }

  /** Stops, and deletes the partial files. */
  async cancel(id?: number, where?: (row: DownloadRow) => boolean): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const row of this.target(id, 'cancel')) {
      if (where && !where(row)) continue;
      const run = this.running.get(row.id);
      if (run) {
        this.stop(run, 'cancel');
        stopping.push(this.waitFor(() => !this.running.has(row.id)));
      } else {
        await rm(row.temp, { force: true });
        this.move(row, 'cancel');
        this.finishIfDone(row.batchId);
      }
    }
    await Promise.all(stopping);
  }

  clearFinished(): number {
    return clearFinishedDownloads(this.db);
  }

  /** Resolves when nothing of the batch is queued or fetching (paused files wait for the person), or the queue closed. */
  async waitForBatch(batchId: string): Promise<DownloadSummary> {
    await this.waitFor(() => this.closed || countInBatch(this.db, batchId, ['queued', 'downloading']) === 0);
    return this.reporter.summary(batchId);
  }

  /** Stops transfers where they are (the journal and partial files keep them resumable). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      for (const run of this.running.values()) this.stop(run, 'pause');
      await this.waitFor(() => this.running.size === 0);
      this.reporter.close();
      this.notify();
    })();
    return this.closing;
  }

  // — internals —

  private profile(id: string): ProfileRow {
    const profile = getProfile(this.db, id);
    if (!profile) throw new AppError('NO_PROFILE', 'That connection profile no longer exists.');
    return profile;
  }

  private target(id: number | undefined, action: DownloadAction): DownloadRow[] {
    const states = downloadStatesFor(action);
    if (id === undefined) return downloadsInStates(this.db, states);
    const row = getDownload(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'That download is no longer in the list.');
    return states.includes(row.state as DownloadState) ? [row] : [];
  }

  private move(row: Pick<DownloadRow, 'id' | 'batchId' | 'state'>, action: DownloadAction, patch: Partial<DownloadRow> = {}): boolean {
    const state = nextDownloadState(row.state as DownloadState, action);
    if (state === null) return false;
    updateDownload(this.db, row.id, { ...patch, state });
    this.reporter.touch(row.batchId, row.id);
    return true;
  }

  private stop(run: { controller: AbortController; reason: StopReason | null }, reason: StopReason): void {
    run.reason = reason;
    run.controller.abort();
  }

  private pump(): void {
    if (this.closed) return;
    // Largest first: a big file's chunks overlap the small files instead of trailing alone at the end.
    const queued = downloadsInStates(this.db, ['queued']).sort((a, b) => b.size - a.size || a.id - b.id);
    for (const row of queued) {
      if (this.scheduled.has(row.id)) continue;
      this.scheduled.add(row.id);
      this.files(() => this.runItem(row.id))
        .catch((error: unknown) => this.options.log.error('download: item runner failed', { id: row.id, error: String(error) }))
        .finally(() => {
          this.scheduled.delete(row.id);
          this.notify();
        });
    }
  }

  private async runItem(id: number): Promise<void> {
    const start = getDownload(this.db, id);
    if (!start || start.state !== 'queued' || this.closed) return;
    const run = { controller: new AbortController(), reason: null as StopReason | null };
    this.running.set(id, run);
    this.move(start, 'start', { errorCode: null, errorMessage: null });
    const hooks = this.hooks.get(start.purpose as DownloadPurpose) ?? {};
    try {
      const { row, verified } = await this.fetch(id, run.controller.signal, hooks);
      this.reporter.settled(id);
      this.move(row, 'complete', { bytesDone: row.size, verified });
      try {
        await hooks.onDone?.({ row, verified });
      } catch (error) {
        this.options.log.warn('download: onDone failed', { key: row.key, error: String(error) });
      }
    } catch (error) {
      this.reporter.settled(id);
      if (this.closed) return;
      const row = getDownload(this.db, id)!;
      if (run.reason === 'pause') {
        this.move(row, 'pause');
      } else if (run.reason === 'cancel') {
        await rm(row.temp, { force: true }).catch(() => undefined);
        this.move(row, 'cancel', { bytesDone: 0 });
      } else {
        const profile = getProfile(this.db, row.profileId);
        const mapped = toAppError(error, { endpoint: profile?.endpoint ?? '', bucket: profile?.bucket ?? '', key: row.key });
        this.options.log.error('download failed', { key: row.key, code: mapped.code, cause: String((mapped.cause as Error | undefined)?.message ?? mapped.message) });
        this.move(row, 'fail', { errorCode: mapped.code, errorMessage: mapped.message });
      }
    } finally {
      this.running.delete(id);
      if (!this.closed) this.finishIfDone(start.batchId);
      this.notify();
    }
  }

  /** Fetches the row's file; restarts it on a changed object (at most a few times) or a failed check (once). */
  private async fetch(id: number, signal: AbortSignal, hooks: PurposeHooks): Promise<{ row: DownloadRow; verified: Verification }> {
    const copied = await this.copyLocal(getDownload(this.db, id)!);
    if (copied) return copied;
    let changes = 0;
    let integrityRetried = false;
    for (;;) {
      const row = getDownload(this.db, id)!;
      const { client, connection } = await this.options.client(this.profile(row.profileId));
      let chunksDone = chunksOf(this.db, id).size;
      try {
        const verified = await fetchFile(
          {
            client,
            target: { endpoint: connection.endpoint, bucket: connection.bucket },
            requests: this.requests,
            streamsPerFile: this.options.streamsPerFile ?? 4,
            signal,
            durable: hooks.durable ?? false,
            // An export's folder is the person's choice, perhaps a network share: its writes stay off this thread.
            inlineWrites: row.purpose !== 'export',
          },
          { ...row, done: chunksOf(this.db, id) },
          {
            onChunk: (chunk, bytesDone) => {
              recordChunk(this.db, id, chunk, bytesDone);
              this.reporter.settled(id, Math.min(row.chunkSize, row.size - chunk * row.chunkSize));
              this.reporter.touch(row.batchId, id);
              this.options.onChunkJournaled?.(id, chunk, ++chunksDone);
            },
            onBytes: (bytes) => this.reporter.bytes(row.batchId, id, bytes),
            onReset: () => {
              restartDownload(this.db, id, {});
              this.reporter.settled(id);
            },
          },
        );
        return { row: getDownload(this.db, id)!, verified };
      } catch (error) {
        if (error instanceof ObjectChanged && changes < 3) {
          changes++;
          const head = await client.send(new HeadObjectCommand({ Bucket: connection.bucket, Key: row.key }), { abortSignal: signal }).catch((e: unknown) => {
            throw toAppError(e, { endpoint: connection.endpoint, bucket: connection.bucket, key: row.key });
          });
          const next = { etag: head.ETag ?? '', size: head.ContentLength ?? 0, lastModified: head.LastModified?.getTime() ?? Date.now() };
          this.options.log.info('download: object changed, restarting it at its new version', { key: row.key, from: row.etag, to: next.etag });
          await rm(row.temp, { force: true });
          restartDownload(this.db, id, { ...next, chunkSize: this.chunkSizeFor(next.size) });
          this.reporter.settled(id);
          hooks.onChanged?.({ row, ...next });
          continue;
        }
        if (error instanceof ObjectChanged) throw new AppError('CONFLICT', `"${row.key}" keeps changing on the server; try again later.`);
        if (error instanceof AppError && error.code === 'INTEGRITY' && !integrityRetried) {
          integrityRetried = true;
          await rm(row.temp, { force: true });
          restartDownload(this.db, id, {});
          continue;
        }
        throw error;
      }
    }
  }

  /** The version is on disk already (the offline store): copied (a clone where the file system can) and renamed into place. */
  private async copyLocal(row: DownloadRow): Promise<{ row: DownloadRow; verified: Verification } | null> {
    const local = await this.options.localCopy?.(row);
    if (!local) return null;
    await mkdir(dirname(row.temp), { recursive: true });
    await copyFile(local.path, row.temp, constants.COPYFILE_FICLONE);
    await mkdir(dirname(row.dest), { recursive: true });
    await rename(row.temp, row.dest);
    const when = new Date(row.lastModified);
    await utimes(row.dest, when, when).catch(() => undefined);
    return { row, verified: local.verified };
  }

  private finishIfDone(batchId: string): void {
    if (countInBatch(this.db, batchId, ACTIVE_DOWNLOAD_STATES) === 0) this.reporter.finished(batchId);
  }

  private waitFor(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
