/**
 * The upload queue: scans and plans a batch (planner.ts), journals it, and
 * runs it with one global cap on requests in flight, a cap on files at once
 * and a per-file cap on parts (transfer.ts, multipart.ts); each finished
 * file is verified and indexed (verify-and-index.ts). Every state change goes
 * through one transition function (transitions.ts); what the UI hears goes
 * through the progress reporter (progress.ts). After a restart
 * `resumeInterrupted()` picks up where the journal left off (the server's
 * ListParts decides which parts are missing).
 *
 * A little over 300 lines on purpose: this is the one owner of the queue's
 * live state (which items run, which wait for a slot, why one stops), and
 * enqueue, the person's controls, crash resume and scheduling all read and
 * change it; the jobs without that state live in the modules above.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { ConflictPolicy, DuplicatePolicy, EnqueueResult, UploadAcl, UploadBatchFinished, UploadBatchProgress, UploadItemView, UploadState } from '../../../shared/domain';
import type { UploadTarget } from '../../../shared/upload-keys';
import type { IndexDatabase } from '../db/database';
import { AppError, storageError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { toAppError } from '../s3/errors';
import { keysUnder } from './existing-keys';
import { UploadIndexer } from './index-upsert';
import {
  clearFinished,
  countInBatch,
  getItem,
  journalBatch,
  itemsInStates,
  recentItems,
  resetParts,
  updateItem,
  type JournalPart,
  type UploadRow,
} from './journal';
import { findDuplicates } from './duplicates';
import { abortMultipart } from './multipart';
import { ItemSender } from './item-sender';
import { needsExistingKeys, planBatch } from './planner';
import { itemView, UploadProgress } from './progress';
import { withinStoreLimits } from './limits';
import { DEFAULT_PART } from './part-size';
import { describeProblems, scanPaths } from './scan';
import { ACTIVE_STATES, nextState, statesFor, type UploadAction } from './transitions';
import type { UploadTuning } from './tuning';

export interface UploadServiceOptions extends UploadTuning {
  database: IndexDatabase;
  bus: EventBus;
  log: Logger;
  /** The profile's client for transfers (the core's pool). */
  client(profile: ProfileRow): Promise<PooledClient>;
}

export interface EnqueueRequest {
  profileId: string;
  target: UploadTarget;
  paths: string[];
  /** Omitted: when keys exist, nothing is queued and the conflicts come back for one decision for the batch. */
  conflict?: ConflictPolicy;
  acl?: UploadAcl;
  /** null clears the profile default for this batch. */
  cacheControl?: string | null;
  /** Drops keep a dropped folder's name; the CLI uploads a folder's contents. */
  keepFolderName?: boolean;
  /** Files whose content the library already has elsewhere: ask (nothing is queued), upload anyway (default) or skip. */
  duplicates?: DuplicatePolicy;
}

type StopReason = 'pause' | 'cancel';

export class UploadService {
  private readonly files: LimitFunction;
  private readonly sender: ItemSender;
  private readonly running = new Map<number, { controller: AbortController; reason: StopReason | null }>();
  /** Items waiting for or holding a file slot, with their batch. */
  private readonly scheduled = new Map<number, string>();
  private readonly waiters = new Set<() => void>();
  private readonly indexer: UploadIndexer;
  private readonly reporter: UploadProgress;
  private closed = false;
  private closing: Promise<void> | null = null;
  /** Why the queue stopped: its journal could not be written. Cleared by the next pump. */
  private stalled: AppError | null = null;

  constructor(private readonly options: UploadServiceOptions) {
    this.files = pLimit(options.filesAtOnce ?? 8);
    this.indexer = new UploadIndexer(options.database.sqlite);
    this.reporter = new UploadProgress(options.database, options.bus, options.progressIntervalMs);
    this.sender = new ItemSender({
      db: options.database.db,
      indexer: this.indexer,
      client: (profileId) => this.client(profileId),
      concurrency: options.concurrency ?? 16,
      partsPerFile: options.partsPerFile ?? 4,
      memoryBudget: options.memoryBudget ?? 64 * 1024 * 1024,
      partSize: options.partSize,
      onPart: (row, part, partsDone) => {
        this.reporter.touch(row.batchId, row.id);
        options.onPartJournaled?.(row.id, part, partsDone);
      },
    });
  }

  private get db() {
    return this.options.database.db;
  }

  /** Plans and journals a batch; starts it unless a conflict decision is needed. */
  async enqueue(request: EnqueueRequest): Promise<EnqueueResult> {
    const profile = this.profile(request.profileId);
    const scanned = await scanPaths(request.paths, { keepFolderName: request.keepFolderName ?? true });
    const { accepted: files, refused } = withinStoreLimits(scanned.files, this.options.partSize ?? DEFAULT_PART);
    const skipped = [...scanned.skipped, ...refused];
    if (files.length === 0) {
      const problems = skipped.filter((s) => s.problem);
      if (problems.length > 0) throw new AppError(problems[0]!.problem!, `Nothing to upload: ${describeProblems(problems)}.`);
      throw new AppError('INVALID_INPUT', skipped.length ? `Nothing to upload: ${skipped.length} hidden or system file(s) and link(s) skipped.` : 'Nothing to upload: no files were given.');
    }
    const existing = needsExistingKeys(request.conflict) ? await this.existingKeys(profile, request.target) : new Set<string>();
    const plan = planBatch({ files, rootPrefix: profile.rootPrefix, target: request.target, existing, conflict: request.conflict });
    if (plan.status === 'needs-decision') return { status: 'needs-decision', conflicts: plan.conflicts, duplicates: [], files: plan.files, skipped };
    const policy = request.duplicates ?? 'upload';
    if (policy !== 'upload') {
      // A file kept beside a same-named one was a decision about that very object already: not asked again.
      const undecided = plan.files.filter((p) => !(p.file.relPath in plan.renamed));
      const duplicates = await findDuplicates(this.options.database.sqlite, profile.id, undecided, this.options.partSize);
      if (duplicates.length > 0 && policy === 'ask') return { status: 'needs-decision', conflicts: [], duplicates, files: plan.files.length, skipped };
      const already = new Map(duplicates.map((d) => [d.relPath, d]));
      plan.files = plan.files.filter((p) => {
        const d = already.get(p.file.relPath);
        if (d) plan.skipped.push({ path: p.file.localPath, reason: `already in the library as ${d.existing[0]}` });
        return !d;
      });
      if (plan.files.length === 0) return { status: 'queued', batchId: '', items: 0, bytes: 0, skipped: [...skipped, ...plan.skipped], renamed: plan.renamed };
    }
    const batchId = journalBatch(this.db, {
      profile,
      files: plan.files.map((p) => ({ ...p.file, key: p.key, relPath: p.relPath })),
      acl: request.acl,
      cacheControl: request.cacheControl,
      partSize: this.options.partSize,
    });
    this.reporter.touch(batchId);
    this.pump();
    const bytes = plan.files.reduce((s, p) => s + p.file.size, 0);
    return { status: 'queued', batchId, items: plan.files.length, bytes, skipped: [...skipped, ...plan.skipped], renamed: plan.renamed };
  }

  /** Items a previous run left unfinished (crash or quit): the app offers to resume them. */
  interrupted(): UploadItemView[] {
    // Not this run's: neither transferring nor waiting for a slot.
    return itemsInStates(this.db, ['queued', 'uploading']).filter((r) => !this.running.has(r.id) && !this.scheduled.has(r.id)).map(itemView);
  }

  /** Picks up every unfinished item; parts already on the server are not sent again. */
  resumeInterrupted(): number {
    const rows = this.interrupted();
    for (const row of rows) this.move(row, 'interrupted');
    this.pump();
    return rows.length;
  }

  /** Items that failed and may be retried (the CLI's --resume retries them). */
  failedItems(): UploadItemView[] {
    return itemsInStates(this.db, ['failed']).map(itemView);
  }

  list(): UploadItemView[] {
    return recentItems(this.db).map(itemView);
  }

  /** Forgets finished items (the transfers panel's "clear"). */
  clearFinished(): number {
    return clearFinished(this.db);
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

  /** Stops and aborts on the server so no orphaned parts remain. */
  async cancel(id?: number): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const row of this.target(id, 'cancel')) {
      const run = this.running.get(row.id);
      if (run) {
        this.stop(run, 'cancel');
        stopping.push(this.waitFor(() => !this.running.has(row.id)));
      } else {
        await this.abortOnServer(row);
        this.move(row, 'cancel', { uploadId: null }, []);
        this.finishIfDone(row.batchId);
      }
    }
    await Promise.all(stopping);
  }

  /**
   * Resolves when nothing of the batch is queued or transferring (paused items wait for the user);
   * rejects when the queue stalled because its journal cannot be written (DISK_FULL, READ_ONLY).
   */
  async waitForBatch(batchId: string): Promise<UploadBatchFinished> {
    await this.waitFor(() => this.stalled !== null || (countInBatch(this.db, batchId, ['queued', 'uploading']) === 0 && ![...this.scheduled.values()].includes(batchId)));
    if (this.stalled) throw this.stalled;
    return this.reporter.summary(batchId);
  }

  /** A batch's totals and every item now (the CLI's report). */
  progress(batchId: string): UploadBatchProgress {
    return this.reporter.snapshot(batchId);
  }

  /** Stops transfers (the journal keeps them resumable); the core closes the clients. Once, however often asked. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      for (const run of this.running.values()) this.stop(run, 'pause');
      await this.waitFor(() => this.running.size === 0);
      this.reporter.close();
      this.indexer.dispose();
    })();
    return this.closing;
  }

  // — internals —

  private profile(id: string): ProfileRow {
    const profile = getProfile(this.db, id);
    if (!profile) throw new AppError('NO_PROFILE', 'That connection profile no longer exists.');
    return profile;
  }

  private client(profileId: string): Promise<PooledClient> {
    return this.options.client(this.profile(profileId));
  }

  /** The rows `action` applies to: one item, or every item where it applies (pause all, retry all…). */
  private target(id: number | undefined, action: UploadAction): UploadRow[] {
    const states = statesFor(action);
    if (id === undefined) return itemsInStates(this.db, states);
    const row = getItem(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'That upload is no longer in the list.');
    return states.includes(row.state as UploadState) ? [row] : [];
  }

  /**
   * The one way an item's state changes: `action` from its current state (a
   * no-op where it does not apply), with `patch`, and `parts` replacing its
   * journaled parts when given; the change goes into the next progress event.
   */
  private move(row: Pick<UploadRow, 'id' | 'batchId' | 'state'>, action: UploadAction, patch: Partial<UploadRow> = {}, parts?: JournalPart[]): boolean {
    const state = nextState(row.state as UploadState, action);
    if (state === null) return false;
    if (parts) resetParts(this.db, row.id, parts, { ...patch, state });
    else updateItem(this.db, row.id, { ...patch, state });
    this.reporter.touch(row.batchId, row.id);
    return true;
  }

  private stop(run: { controller: AbortController; reason: StopReason | null }, reason: StopReason): void {
    run.reason = reason;
    run.controller.abort();
  }

  private async existingKeys(profile: ProfileRow, target: UploadTarget): Promise<Set<string>> {
    return keysUnder(await this.client(profile.id), `${profile.rootPrefix}${target.model}/${target.post}/`);
  }

  private pump(): void {
    if (this.closed) return;
    this.stalled = null;
    // Largest first: a big file's parts and its (server-side) completion then
    // overlap with the small files, instead of trailing alone at the end.
    const queued = itemsInStates(this.db, ['queued']).sort((a, b) => b.size - a.size || a.id - b.id);
    for (const row of queued) {
      if (this.scheduled.has(row.id)) continue;
      this.scheduled.set(row.id, row.batchId);
      this.files(() => this.runItem(row.id))
        .catch((error: unknown) => {
          // The journal itself could not be written (a full or read-only disk): the queue cannot go on
          // safely. Waiters hear why; the items stay queued or uploading, which is what a resume picks up.
          this.options.log.error('upload: item runner failed', { id: row.id, error: String(error) });
          this.stalled ??= storageError(error) ?? (error instanceof AppError ? error : new AppError('INTERNAL', 'The upload queue stopped unexpectedly.', { cause: error }));
        })
        .finally(() => {
          this.scheduled.delete(row.id);
          this.notify();
        });
    }
  }

  private async runItem(id: number): Promise<void> {
    const start = getItem(this.db, id);
    if (!start || start.state !== 'queued' || this.closed) return;
    // Journaled before it counts as running: a write that fails (a full disk) must not leave a run that never ends.
    this.move(start, 'start', { errorCode: null, errorMessage: null });
    const run = { controller: new AbortController(), reason: null as StopReason | null };
    this.running.set(id, run);
    try {
      const { row, verified } = await this.sender.send(id, run.controller.signal);
      this.move(row, 'complete', { bytesDone: row.size, etag: verified.etag, uploadId: null }, []);
      this.reporter.libraryChanged(row.profileId);
      try {
        this.options.onUploaded?.({ profileId: row.profileId, key: row.key, localPath: row.localPath });
      } catch (error) {
        this.options.log.warn('upload: onUploaded hook failed', { key: row.key, error: String(error) });
      }
    } catch (error) {
      // Quitting: leave the row as it is ('uploading'), which is exactly what
      // resumeInterrupted() picks up next time; the database may be closing.
      if (this.closed) return;
      const row = getItem(this.db, id)!;
      if (run.reason === 'pause') {
        this.move(row, 'pause');
      } else if (run.reason === 'cancel') {
        await this.abortOnServer(row).catch((e: unknown) => this.options.log.warn('upload: abort on cancel failed', { key: row.key, error: String(e) }));
        this.move(row, 'cancel', { uploadId: null, bytesDone: 0 }, []);
      } else {
        // The journal could not be written: not this file's failure. Leave the row for a resume (the runner stalls the queue).
        const local = storageError(error);
        if (local) throw local;
        const profile = getProfile(this.db, row.profileId);
        const mapped = toAppError(error, { endpoint: profile?.endpoint ?? '', bucket: profile?.bucket ?? '', key: row.key });
        this.options.log.error('upload failed', { key: row.key, code: mapped.code, cause: String((mapped.cause as Error | undefined)?.message ?? mapped.message) });
        if (mapped.retryable || !row.uploadId) {
          // Retry sends only the missing parts: the upload stays open on the server until then (or a cancel).
          this.move(row, 'fail', { errorCode: mapped.code, errorMessage: mapped.message });
        } else {
          // Nothing to come back to (the file changed or vanished, the key is refused…): abort, so no parts are left costing storage.
          await this.abortOnServer(row).catch((e: unknown) => this.options.log.warn('upload: abort after failure failed', { key: row.key, error: String(e) }));
          this.move(row, 'fail', { errorCode: mapped.code, errorMessage: mapped.message, uploadId: null, bytesDone: 0 }, []);
        }
      }
    } finally {
      this.running.delete(id);
      if (!this.closed) this.finishIfDone(start.batchId);
      this.notify();
    }
  }

  private async abortOnServer(row: UploadRow): Promise<void> {
    if (!row.uploadId) return;
    const { client, connection } = await this.client(row.profileId);
    await abortMultipart(client, connection.bucket, row.key, row.uploadId);
  }

  private finishIfDone(batchId: string): void {
    if (countInBatch(this.db, batchId, ACTIVE_STATES) > 0) return;
    this.reporter.finished(batchId);
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
