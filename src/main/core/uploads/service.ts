/**
 * The upload queue: plans a batch (keys, conflicts, hidden files), journals
 * it, and runs it with one global cap on requests in flight, a cap on files
 * at once and a per-file cap on parts. Pause, resume, cancel and retry act on
 * one item or all; after a restart `resumeInterrupted()` picks up where the
 * journal left off (the server's ListParts decides which parts are missing).
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import mime from 'mime';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ConflictPolicy, EnqueueResult, UploadAcl, UploadBatchFinished, UploadBatchProgress, UploadItemView } from '../../../shared/domain';
import { buildUploadKey, keepBothName, type UploadTarget } from '../../../shared/upload-keys';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import { createS3Client, type ClientOptions } from '../s3/client';
import { connectionHost, type S3Connection } from '../s3/connection';
import { PartMemory } from './part-memory';
import { parseKey } from '../../../shared/key-layout';
import { UploadIndexer } from './index-upsert';
import {
  ACTIVE_STATES,
  batchItems,
  countInBatch,
  getItem,
  insertItems,
  itemsInStates,
  parseParts,
  recentItems,
  recordPart,
  updateItem,
  type JournalPart,
  type UploadRow,
  type UploadState,
} from './journal';
import { partSizeFor, DEFAULT_PART } from './part-size';
import { scanPaths } from './scan';
import { withinStoreLimits } from './limits';
import { abortMultipart, transferFile, withRetries, type TransferContext } from './transfer';
import { toAppError } from '../s3/errors';
import { useUnsignedPayload } from './unsigned-payload';
import { verifyUpload } from './verify';

export interface UploadServiceOptions {
  database: IndexDatabase;
  bus: EventBus;
  log: Logger;
  /** The connection (with secret) for a profile. */
  connect(profile: ProfileRow): Promise<S3Connection>;
  /** Requests in flight across every file (parts and small files). */
  concurrency?: number;
  /** Files transferring at once. */
  filesAtOnce?: number;
  /** Parts in flight per file (Spaces: at most 10). */
  partsPerFile?: number;
  /** Bytes of file data held in memory at once (parts in flight); bounds peak RSS. Default 64 MiB (96 MiB was ~5 % faster on s3rver but peaked at 267 MB). */
  memoryBudget?: number;
  /** Preferred part size; grown for big files so none needs more than 10,000 parts. */
  partSize?: number;
  clientOptions?: ClientOptions;
  /** Lets tests and the bench see every request (e.g. a counting middleware). */
  configureClient?(client: S3Client): void;
  /** Called after an object is verified and indexed: the thumbnail service hooks in here. */
  onUploaded?(event: { profileId: string; key: string; localPath: string }): void;
  /** Called after a part is journaled (tests use it to stop a process mid-upload). */
  onPartJournaled?(itemId: number, part: JournalPart, partsDone: number): void;
  progressIntervalMs?: number;
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
}

type StopReason = 'pause' | 'cancel';

export class UploadService {
  private readonly requests: LimitFunction;
  private readonly partsTurn = pLimit(1);
  private readonly files: LimitFunction;
  private readonly memory: PartMemory;
  private readonly running = new Map<number, { controller: AbortController; reason: StopReason | null }>();
  /** Items waiting for or holding a file slot, with their batch. */
  private readonly scheduled = new Map<number, string>();
  private readonly clients = new Map<string, { client: S3Client; connection: S3Connection }>();
  private readonly waiters = new Set<() => void>();
  private readonly rates = new Map<string, { at: number; bytes: number }[]>();
  private readonly dirtyBatches = new Set<string>();
  private readonly indexer: UploadIndexer;
  private progressTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: UploadServiceOptions) {
    this.requests = pLimit(options.concurrency ?? 16);
    this.files = pLimit(options.filesAtOnce ?? 8);
    this.memory = new PartMemory(options.memoryBudget ?? 64 * 1024 * 1024);
    this.indexer = new UploadIndexer(options.database.sqlite);
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
    const planned: { file: (typeof files)[number]; key: string; relPath: string }[] = [];
    for (const file of files) {
      const built = buildUploadKey(profile.rootPrefix, request.target, file.relPath);
      if (!built.ok) throw new AppError('INVALID_INPUT', built.message);
      planned.push({ file, key: built.key, relPath: file.relPath });
    }
    if (planned.length === 0) {
      if (refused.length > 0) throw new AppError('INVALID_INPUT', `Nothing to upload: “${basename(refused[0]!.path)}” is ${refused[0]!.reason}.`);
      throw new AppError('INVALID_INPUT', skipped.length ? `Nothing to upload: ${skipped.length} hidden, system or unreadable file(s) skipped.` : 'Nothing to upload: no files were given.');
    }
    // Overwriting everything needs no listing of what is there.
    const existing = request.conflict === 'overwrite' ? new Set<string>() : await this.existingKeys(profile, request.target);
    const conflicts = planned.filter((p) => existing.has(p.key));
    if (conflicts.length > 0 && !request.conflict) {
      return { status: 'needs-decision', conflicts: conflicts.map((c) => c.relPath), files: planned.length, skipped };
    }
    const renamed: Record<string, string> = {};
    const taken = new Set([...existing, ...planned.map((p) => p.key)]);
    const chosen = planned.flatMap((p) => {
      if (!existing.has(p.key) || request.conflict === 'overwrite') return [p];
      if (request.conflict === 'skip') {
        skipped.push({ path: p.file.localPath, reason: 'already in the post (skipped)' });
        return [];
      }
      for (let n = 2; ; n++) {
        const relPath = keepBothName(p.relPath, n);
        const built = buildUploadKey(profile.rootPrefix, request.target, relPath);
        if (!built.ok) throw new AppError('INVALID_INPUT', built.message);
        if (!taken.has(built.key)) {
          taken.add(built.key);
          renamed[p.relPath] = relPath;
          return [{ ...p, key: built.key, relPath }];
        }
      }
    });
    const batchId = randomUUID();
    const now = Date.now();
    const acl = request.acl ?? (profile.defaultAcl === 'public-read' ? 'public-read' : 'private');
    const cacheControl = request.cacheControl === undefined ? profile.cacheControl : request.cacheControl;
    insertItems(
      this.db,
      chosen.map((p) => ({
        profileId: profile.id,
        batchId,
        localPath: p.file.localPath,
        key: p.key,
        size: p.file.size,
        mtimeMs: p.file.mtimeMs,
        contentType: mime.getType(p.file.relPath) ?? 'application/octet-stream',
        acl,
        cacheControl,
        state: 'queued',
        partSize: partSizeFor(p.file.size, this.options.partSize ?? DEFAULT_PART),
        createdAt: now,
        updatedAt: now,
      })),
    );
    this.pump();
    return { status: 'queued', batchId, items: chosen.length, bytes: chosen.reduce((s, p) => s + p.file.size, 0), skipped, renamed };
  }

  /** Items a previous run left unfinished (crash or quit): the app offers to resume them. */
  interrupted(): UploadItemView[] {
    // Not this run's: neither transferring nor waiting for a slot.
    return itemsInStates(this.db, ['queued', 'uploading']).filter((r) => !this.running.has(r.id) && !this.scheduled.has(r.id)).map(view);
  }

  /** Picks up every unfinished item; parts already on the server are not sent again. */
  resumeInterrupted(): number {
    const rows = this.interrupted();
    for (const row of rows) if (row.state !== 'queued') updateItem(this.db, row.id, { state: 'queued' });
    this.pump();
    return rows.length;
  }

  list(): UploadItemView[] {
    return recentItems(this.db).map(view);
  }

  pause(id?: number): void {
    for (const row of this.target(id, ['queued', 'uploading'])) {
      const run = this.running.get(row.id);
      if (run) {
        run.reason = 'pause';
        run.controller.abort();
      } else updateItem(this.db, row.id, { state: 'paused' });
      this.markDirty(row.batchId);
    }
  }

  resume(id?: number): void {
    for (const row of this.target(id, ['paused'])) {
      updateItem(this.db, row.id, { state: 'queued' });
      this.markDirty(row.batchId);
    }
    this.pump();
  }

  retry(id?: number): void {
    for (const row of this.target(id, ['failed'])) {
      updateItem(this.db, row.id, { state: 'queued', errorCode: null, errorMessage: null });
      this.markDirty(row.batchId);
    }
    this.pump();
  }

  /** Stops and aborts on the server so no orphaned parts remain. */
  async cancel(id?: number): Promise<void> {
    const stopping: Promise<void>[] = [];
    for (const row of this.target(id, [...ACTIVE_STATES, 'failed'])) {
      const run = this.running.get(row.id);
      if (run) {
        run.reason = 'cancel';
        run.controller.abort();
        stopping.push(this.waitFor(() => !this.running.has(row.id)));
      } else {
        await this.abortOnServer(row);
        updateItem(this.db, row.id, { state: 'cancelled', uploadId: null, parts: '[]' });
        this.markDirty(row.batchId);
        this.finishIfDone(row.batchId);
      }
    }
    await Promise.all(stopping);
  }

  /** Resolves when nothing of the batch is queued or transferring (paused items wait for the user). */
  async waitForBatch(batchId: string): Promise<UploadBatchFinished> {
    await this.waitFor(() => countInBatch(this.db, batchId, ['queued', 'uploading']) === 0 && ![...this.scheduled.values()].includes(batchId));
    return summary(batchId, batchItems(this.db, batchId));
  }

  progress(batchId: string): UploadBatchProgress {
    const rows = batchItems(this.db, batchId);
    const bytesDone = rows.reduce((s, r) => s + (r.state === 'done' ? r.size : r.bytesDone), 0);
    const bytesTotal = rows.filter((r) => r.state !== 'cancelled').reduce((s, r) => s + r.size, 0);
    const now = Date.now();
    const samples = (this.rates.get(batchId) ?? []).filter((s) => now - s.at < 5_000);
    samples.push({ at: now, bytes: bytesDone });
    this.rates.set(batchId, samples);
    const first = samples[0]!;
    const rateBps = now - first.at > 250 ? ((bytesDone - first.bytes) * 1000) / (now - first.at) : 0;
    return {
      batchId,
      items: rows.map(view),
      bytesDone,
      bytesTotal,
      rateBps,
      etaSeconds: rateBps > 0 ? Math.ceil((bytesTotal - bytesDone) / rateBps) : null,
      done: rows.filter((r) => r.state === 'done').length,
      failed: rows.filter((r) => r.state === 'failed').length,
      cancelled: rows.filter((r) => r.state === 'cancelled').length,
      total: rows.length,
    };
  }

  /** Stops transfers (journal keeps them resumable) and releases clients. */
  async close(): Promise<void> {
    this.closed = true;
    for (const run of this.running.values()) {
      run.reason = 'pause';
      run.controller.abort();
    }
    await this.waitFor(() => this.running.size === 0);
    if (this.progressTimer) clearTimeout(this.progressTimer);
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
    this.indexer.dispose();
  }

  // — internals —

  private profile(id: string): ProfileRow {
    const profile = getProfile(this.db, id);
    if (!profile) throw new AppError('NO_PROFILE', 'That connection profile no longer exists.');
    return profile;
  }

  private target(id: number | undefined, states: UploadState[]): UploadRow[] {
    if (id === undefined) return itemsInStates(this.db, states);
    const row = getItem(this.db, id);
    if (!row) throw new AppError('NOT_FOUND', 'That upload is no longer in the list.');
    return states.includes(row.state as UploadState) ? [row] : [];
  }

  private async clientFor(profileId: string): Promise<{ client: S3Client; connection: S3Connection }> {
    let entry = this.clients.get(profileId);
    if (!entry) {
      const connection = await this.options.connect(this.profile(profileId));
      const concurrency = this.options.concurrency ?? 16;
      const client = createS3Client(connection, { maxSockets: concurrency + 4, ...this.options.clientOptions });
      useUnsignedPayload(client);
      this.options.configureClient?.(client);
      entry = { client, connection };
      this.clients.set(profileId, entry);
    }
    return entry;
  }

  private async existingKeys(profile: ProfileRow, target: UploadTarget): Promise<Set<string>> {
    const { client, connection } = await this.clientFor(profile.id);
    const prefix = `${profile.rootPrefix}${target.model}/${target.post}/`;
    const keys = new Set<string>();
    let token: string | undefined;
    const retry = { signal: new AbortController().signal, target: connection };
    do {
      const page = await withRetries(retry, prefix, () => client.send(new ListObjectsV2Command({ Bucket: connection.bucket, Prefix: prefix, ContinuationToken: token })));
      for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  private pump(): void {
    if (this.closed) return;
    // Largest first: a big file's parts and its (server-side) completion then
    // overlap with the small files, instead of trailing alone at the end.
    const queued = itemsInStates(this.db, ['queued']).sort((a, b) => b.size - a.size || a.id - b.id);
    for (const row of queued) {
      if (this.scheduled.has(row.id)) continue;
      this.scheduled.set(row.id, row.batchId);
      this.files(() => this.runItem(row.id))
        .catch((error: unknown) => this.options.log.error('upload: item runner failed', { id: row.id, error: String(error) }))
        .finally(() => {
          this.scheduled.delete(row.id);
          this.notify();
        });
    }
  }

  private async runItem(id: number): Promise<void> {
    const start = getItem(this.db, id);
    if (!start || start.state !== 'queued' || this.closed) return;
    const run = { controller: new AbortController(), reason: null as StopReason | null };
    this.running.set(id, run);
    updateItem(this.db, id, { state: 'uploading', errorCode: null, errorMessage: null });
    this.markDirty(start.batchId);
    try {
      await this.transferAndVerify(id, run.controller.signal);
    } catch (error) {
      // Quitting: leave the row as it is ('uploading'), which is exactly what
      // resumeInterrupted() picks up next time; the database may be closing.
      if (this.closed) return;
      const row = getItem(this.db, id)!;
      if (run.reason === 'pause') {
        updateItem(this.db, id, { state: 'paused' });
      } else if (run.reason === 'cancel') {
        await this.abortOnServer(row).catch((e: unknown) => this.options.log.warn('upload: abort on cancel failed', { key: row.key, error: String(e) }));
        updateItem(this.db, id, { state: 'cancelled', uploadId: null, parts: '[]', bytesDone: 0 });
      } else {
        const connection = this.clients.get(row.profileId)?.connection;
        const mapped = toAppError(error, { endpoint: connection?.endpoint ?? '', bucket: connection?.bucket ?? '', key: row.key });
        this.options.log.error('upload failed', { key: row.key, code: mapped.code, cause: String((mapped.cause as Error | undefined)?.message ?? mapped.message) });
        updateItem(this.db, id, { state: 'failed', errorCode: mapped.code, errorMessage: mapped.message });
      }
    } finally {
      this.running.delete(id);
      if (!this.closed) {
        this.markDirty(start.batchId);
        this.finishIfDone(start.batchId);
      }
      this.notify();
    }
  }

  private async transferAndVerify(id: number, signal: AbortSignal): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const row = getItem(this.db, id)!;
      const { client, connection } = await this.clientFor(row.profileId);
      const host = connectionHost(connection);
      const ctx: TransferContext = { client, endpoint: connection.endpoint, bucket: connection.bucket, host, requests: this.requests, partsTurn: this.partsTurn, partsPerFile: this.options.partsPerFile ?? 4, memory: this.memory, signal };
      const partSize = row.partSize ?? partSizeFor(row.size, this.options.partSize ?? DEFAULT_PART);
      let partsDone = parseParts(row).length;
      const result = await transferFile(
        ctx,
        { ...row, partSize, parts: parseParts(row) },
        {
          onUploadId: (uploadId, size) => updateItem(this.db, id, { uploadId, partSize: size, parts: '[]', bytesDone: 0 }),
          onPartsReset: (parts, bytesDone) => {
            partsDone = parts.length;
            updateItem(this.db, id, { parts: JSON.stringify(parts), bytesDone });
          },
          onPart: (part, bytesDone) => {
            recordPart(this.db, id, part, bytesDone);
            partsDone++;
            this.markDirty(row.batchId);
            this.options.onPartJournaled?.(id, part, partsDone);
          },
        },
      );
      try {
        const verified = result.stored ?? (await verifyUpload(client, connection, row.key, row.size, result.partMd5s, result.multipart, signal));
        const profile = this.profile(row.profileId);
        // Upload keys are always MODEL/POST/REST below the root prefix (buildUploadKey), so this parses as media.
        const parsed = parseKey(row.key, profile.rootPrefix);
        this.indexer.upsertUploaded(
          { profileId: row.profileId, key: row.key, model: parsed.model!, post: parsed.post!, relPath: parsed.relPath!, isPublic: row.acl === 'public-read' },
          verified,
        );
        updateItem(this.db, id, { state: 'done', bytesDone: row.size, etag: verified.etag, uploadId: null });
        this.options.bus.emit('library:changed', { profileId: row.profileId });
        try {
          this.options.onUploaded?.({ profileId: row.profileId, key: row.key, localPath: row.localPath });
        } catch (error) {
          this.options.log.warn('upload: onUploaded hook failed', { key: row.key, error: String(error) });
        }
        return;
      } catch (error) {
        // The object on the server is wrong: send it again from scratch, once.
        if (!(error instanceof AppError) || error.code !== 'INTEGRITY' || attempt >= 2) throw error;
        updateItem(this.db, id, { uploadId: null, parts: '[]', bytesDone: 0 });
      }
    }
  }

  private async abortOnServer(row: UploadRow): Promise<void> {
    if (!row.uploadId) return;
    const { client, connection } = await this.clientFor(row.profileId);
    await abortMultipart(client, connection.bucket, row.key, row.uploadId);
  }

  private finishIfDone(batchId: string): void {
    if (countInBatch(this.db, batchId, ACTIVE_STATES) > 0) return;
    this.flushProgress();
    this.options.bus.emit('uploads:finished', summary(batchId, batchItems(this.db, batchId)));
  }

  private markDirty(batchId: string): void {
    this.dirtyBatches.add(batchId);
    if (this.progressTimer || this.closed) return;
    this.progressTimer = setTimeout(() => this.flushProgress(), this.options.progressIntervalMs ?? 250);
    this.progressTimer.unref?.();
  }

  private flushProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    for (const batchId of this.dirtyBatches) this.options.bus.emit('uploads:progress', this.progress(batchId));
    this.dirtyBatches.clear();
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

function view(row: UploadRow): UploadItemView {
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

function summary(batchId: string, rows: UploadRow[]): UploadBatchFinished {
  return {
    batchId,
    done: rows.filter((r) => r.state === 'done').length,
    failed: rows.filter((r) => r.state === 'failed').length,
    cancelled: rows.filter((r) => r.state === 'cancelled').length,
    bytes: rows.filter((r) => r.state === 'done').reduce((s, r) => s + r.size, 0),
    firstError: rows.find((r) => r.state === 'failed')?.errorMessage ?? null,
  };
}
