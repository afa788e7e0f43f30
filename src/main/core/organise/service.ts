/**
 * Organising the library: rename, move and delete media, posts and models,
 * and set a model's thumbnail, icon or banner. Every operation lists what it
 * acts on, plans it (plan.ts: conflicts, keep-both names), journals it
 * (journal.ts) and runs it (runner.ts); the index follows in the same
 * transactions. Deletes asked for in the app are held for HOLD_MS first:
 * their rows leave the index at once, nothing is sent until the time is up,
 * and Undo (or quitting) puts the rows back. Moves are undone by a move back.
 * Batches a crash or a failed request left unfinished are finished by
 * `recover()` (the app on start, the CLI's --resume).
 *
 * About 430 lines on purpose: the one owner of the batches' live state (held
 * deletes and their timers, running batches and their aborts), each
 * operation a short list → plan → journal → run over the stateless pieces
 * beside it (plan, mappings, journal, runner, index-update, server-view).
 */
import { randomUUID } from 'node:crypto';
import pLimit, { type LimitFunction } from 'p-limit';
import type { ConflictPolicy } from '../../../shared/domain';
import { parseKey, PROFILE_FOLDER } from '../../../shared/key-layout';
import {
  HOLD_MS,
  modelDeletePhrase,
  type BatchKind,
  type BatchProgress,
  type BatchSummary,
  type HeldDelete,
  type ModelImageRole,
  type OrganisePreview,
  type OrganiseResult,
  type OrganiseSource,
} from '../../../shared/organise';
import type { IndexDatabase } from '../db/database';
import { AppError } from '../errors';
import type { EventBus } from '../events';
import type { Logger } from '../logger';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import type { ThumbnailStore } from '../thumbnails/store';
import { OrganiseIndexer, type SavedRow } from './index-update';
import { getBatch, journalBatch, pruneFinished, setBatchState, stepsOf, unfinishedBatches, type BatchRow, type NewStep } from './journal';
import { count, deleteLabel, moveMappings, renameMappings, sourcePrefix } from './mappings';
import { checkMappings, planMove, type Mapping, type SourceObject } from './plan';
import { runBatch, type RunOutcome } from './runner';
import { listFolder } from './s3-ops';
import { ServerView } from './server-view';

export interface OrganiseTuning {
  /** Requests in flight across every batch. */
  concurrency?: number;
  /** Steps per chunk (≤ 1,000: one DeleteObjects request each). */
  chunkSize?: number;
  /** How long a delete waits for Undo. */
  holdMs?: number;
  /** Objects above this are copied in parts (S3: 5 GB); tests lower it. */
  partCopyThreshold?: number;
  partSize?: number;
  /** Told after each copy is journaled (the kill test stops the process there). */
  onCopied?(batchId: string, copied: number): void;
}

export interface OrganiseServiceOptions extends OrganiseTuning {
  database: IndexDatabase;
  bus: EventBus;
  log: Logger;
  thumbnails: ThumbnailStore;
  client(profile: ProfileRow): Promise<PooledClient>;
}

interface Hold {
  view: HeldDelete;
  profileId: string;
  objects: SourceObject[];
  rows: SavedRow[];
  timer: NodeJS.Timeout;
}

/** Finished batches are kept this long (undo, inspection), then pruned. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;

export class OrganiseService {
  private readonly indexer: OrganiseIndexer;
  private readonly limit: LimitFunction;
  private readonly holds = new Map<string, Hold>();
  private readonly running = new Map<string, AbortController>();
  private readonly server: ServerView;
  private closed = false;

  constructor(private readonly options: OrganiseServiceOptions) {
    this.indexer = new OrganiseIndexer(options.database.sqlite, options.thumbnails);
    this.limit = pLimit(options.concurrency ?? 8);
    this.server = new ServerView({ ...options, limit: this.limit });
  }

  private get db() {
    return this.options.database.db;
  }

  /** What deleting these would remove, from the index (fast: the confirmation waits for it), and whether versions are kept. */
  async preview(profile: ProfileRow, sources: OrganiseSource[]): Promise<OrganisePreview> {
    const sqlite = this.options.database.sqlite;
    const totals = { objects: 0, bytes: 0, media: 0 };
    const posts = new Set<string>();
    const one = sqlite.prepare<[string, string], { n: number; bytes: number; media: number }>(
      `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes, coalesce(sum(role = 'media'), 0) AS media FROM objects WHERE profile_id = ? AND key = ?`,
    );
    const under = sqlite.prepare<[string, string, string], { n: number; bytes: number; media: number }>(
      `SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes, coalesce(sum(role = 'media'), 0) AS media FROM objects
       WHERE profile_id = ? AND key >= ? AND key < ?`,
    );
    const postsUnder = sqlite.prepare<[string, string], { name: string }>(`SELECT name FROM posts WHERE profile_id = ? AND model = ?`);
    for (const source of sources) {
      const prefix = sourcePrefix(profile.rootPrefix, source);
      const row = source.kind === 'media' ? one.get(profile.id, prefix) : under.get(profile.id, prefix, `${prefix}\uffff`);
      totals.objects += row?.n ?? 0;
      totals.bytes += row?.bytes ?? 0;
      totals.media += row?.media ?? 0;
      if (source.kind === 'post') posts.add(`${source.model}/${source.post}`);
      if (source.kind === 'model') for (const p of postsUnder.all(profile.id, source.model)) posts.add(`${source.model}/${p.name}`);
    }
    return { ...totals, posts: posts.size, versioning: await this.server.bucketVersioning(profile) };
  }

  async rename(profile: ProfileRow, source: OrganiseSource, name: string, conflict?: ConflictPolicy): Promise<OrganiseResult> {
    const { mappings, label } = renameMappings(profile.rootPrefix, source, name);
    return this.moveMapped(profile, mappings, label, conflict);
  }

  async move(profile: ProfileRow, sources: OrganiseSource[], to: { model: string; post?: string }, conflict?: ConflictPolicy): Promise<OrganiseResult> {
    const { mappings, label } = moveMappings(profile.rootPrefix, sources, to);
    return this.moveMapped(profile, mappings, label, conflict);
  }

  /** Keys or prefixes (ending in `/`) onto keys or prefixes: the CLI's mv. */
  async moveKeys(profile: ProfileRow, mappings: Mapping[], conflict?: ConflictPolicy): Promise<OrganiseResult> {
    checkMappings(mappings);
    const label = mappings.length === 1 ? `Moved “${mappings[0]!.from}” to “${mappings[0]!.to}”` : `Moved ${count(mappings.length, 'item')}`;
    return this.moveMapped(profile, mappings, label, conflict);
  }

  /**
   * Deletes sources (posts and models need the person's confirmation). Held:
   * the rows leave the index now and the request goes in `holdMs` unless
   * undone; not held (the CLI): sent now.
   */
  async delete(
    profile: ProfileRow,
    sources: OrganiseSource[],
    options: { confirmed?: boolean; confirmName?: string; hold: boolean },
  ): Promise<{ held: HeldDelete } | { summary: BatchSummary }> {
    const models = sources.flatMap((s) => (s.kind === 'model' ? [s.model] : []));
    if (models.length > 0 && options.confirmName !== modelDeletePhrase(models)) {
      throw new AppError('CONFIRM_REQUIRED', `Deleting ${models.length === 1 ? `the model “${models[0]}”` : `${models.length} models`} needs “${modelDeletePhrase(models)}” typed to confirm.`);
    }
    if (sources.some((s) => s.kind === 'post') && !options.confirmed && models.length === 0) {
      throw new AppError('CONFIRM_REQUIRED', 'Deleting a post removes everything in it: confirm it first.');
    }
    const objects = await this.server.objectsOf(profile, sources);
    const label = deleteLabel(sources);
    if (!options.hold) return { summary: await this.deleteNow(profile, objects, label) };
    return { held: await this.hold(profile, objects, label) };
  }

  /** Removes keys and prefixes (ending in `/`) now: the CLI's rm (its own --yes stands for the confirmation). */
  async deleteKeys(profile: ProfileRow, keys: string[]): Promise<BatchSummary> {
    const objects = await this.server.listSources(profile, keys);
    if (objects.length === 0) throw new AppError('NOT_FOUND', `Nothing to delete: ${keys.length === 1 ? `“${keys[0]}” is` : 'none of those keys is'} in the bucket.`);
    return this.deleteNow(profile, objects, keys.length === 1 ? `Deleted “${keys[0]}”` : `Deleted ${count(keys.length, 'item')}`);
  }

  /**
   * Makes an image the model's thumbnail, icon or banner: copied to the
   * layout's reserved key (MODEL/thumb.EXT, MODEL/profile/icon.EXT,
   * MODEL/profile/banner.EXT); other objects in that role, which would be
   * picked before it, are removed in the same batch.
   */
  async setModelImage(profile: ProfileRow, key: string, model: string, role: ModelImageRole): Promise<BatchSummary> {
    const root = profile.rootPrefix;
    const source = parseKey(key, root);
    if (source.kind !== 'image') throw new AppError('INVALID_INPUT', `“${source.name}” is not an image.`);
    const dot = source.name.lastIndexOf('.');
    const ext = dot > 0 ? source.name.slice(dot).toLowerCase() : '.jpg';
    const folder = role === 'thumbnail' ? `${root}${model}/` : `${root}${model}/${PROFILE_FOLDER}/`;
    const dst = `${folder}${role === 'thumbnail' ? 'thumb' : role}${ext}`;
    const layoutRole = role === 'thumbnail' ? 'model_thumb' : role;
    const ctx = await this.server.ops(profile);
    const [object] = await this.server.listSources(profile, [key]);
    if (!object) throw new AppError('NOT_FOUND', `“${key}” is not in the bucket any more.`);
    const rivals = (await listFolder(ctx, folder)).filter((o) => o.key !== dst && o.key !== key && parseKey(o.key, root).role === layoutRole);
    const steps: NewStep[] = [
      ...(dst === key ? [] : [{ op: 'copy' as const, src: key, dst, size: object.size, isPublic: object.isPublic }]),
      ...rivals.map((o) => ({ op: 'delete' as const, src: o.key, dst: null, size: o.size })),
    ];
    const label = `Set the ${role === 'thumbnail' ? 'thumbnail' : role} of ${model}`;
    return this.journalAndRun(profile, 'set-image', label, steps, { skipped: [], renamed: {} });
  }

  /** Undoes a held delete (nothing was sent), or a finished move batch (moved back). */
  async undo(profile: ProfileRow, id: string): Promise<{ undone: 'held' } | { undone: 'moved'; summary: BatchSummary }> {
    const hold = this.holds.get(id);
    if (hold) {
      clearTimeout(hold.timer);
      this.holds.delete(id);
      this.indexer.restore(hold.profileId, hold.rows);
      this.changed(hold.profileId);
      return { undone: 'held' };
    }
    const batch = getBatch(this.db, id);
    if (!batch || batch.profileId !== profile.id) throw new AppError('NOT_FOUND', 'That change is no longer known; nothing was undone.');
    if (batch.kind !== 'move' || batch.state !== 'done') throw new AppError('INVALID_INPUT', 'Only a finished move can be undone.');
    const back: Mapping[] = stepsOf(this.db, id, ['done']).map((s) => ({ from: s.dst!, to: s.src }));
    if (back.length === 0) throw new AppError('INVALID_INPUT', 'That change moved nothing.');
    const objects = await this.server.listSources(profile, back.map((m) => m.from));
    // Where something took a place back meanwhile, the returning file is kept beside it.
    const existing = await this.server.existingAt(profile, back);
    const plan = planMove({ mappings: back, sources: objects, existing, conflict: 'keepBoth' });
    if (plan.status !== 'ready') throw new AppError('INTERNAL', 'The move back needed a decision.');
    const summary = await this.journalAndRun(profile, 'move', `Undid: ${batch.label}`, plan.steps.map((s) => ({ op: 'move', ...s })), plan, id);
    return { undone: 'moved', summary: { ...summary, undoable: false } };
  }

  /** Deletes waiting for their Undo window. */
  held(profileId?: string): HeldDelete[] {
    return [...this.holds.values()].filter((h) => profileId === undefined || h.profileId === profileId).map((h) => h.view);
  }

  /** Batches not finished (a crash, a failed request), for inspection. */
  unfinished(profileId?: string): BatchRow[] {
    return unfinishedBatches(this.db, profileId);
  }

  /** Unfinished batches no live process is running: what `recover` would finish. */
  recoverable(profileId?: string, kinds?: BatchKind[]): BatchRow[] {
    return unfinishedBatches(this.db, profileId).filter(
      (batch) =>
        (kinds === undefined || kinds.includes(batch.kind as BatchKind)) &&
        !this.running.has(batch.id) &&
        (batch.state === 'interrupted' || (batch.pid !== process.pid && !processAlive(batch.pid))),
    );
  }

  /**
   * Finishes every batch a previous run left unfinished (not one a live
   * process is still running): a pending copy is made again or found made, a
   * copied source is deleted, the index follows.
   */
  async recover(profileId?: string, kinds?: BatchKind[]): Promise<BatchSummary[]> {
    pruneFinished(this.db, Date.now() - KEEP_FINISHED_MS);
    const summaries: BatchSummary[] = [];
    for (const batch of this.recoverable(profileId, kinds)) {
      const profile = getProfile(this.db, batch.profileId);
      if (!profile) continue;
      setBatchState(this.db, batch.id, 'running', process.pid);
      this.options.log.info('organise: finishing an interrupted batch', { batchId: batch.id, kind: batch.kind });
      summaries.push(await this.run(profile, batch.id, batch.kind as BatchKind, batch.label, { skipped: [], renamed: {} }, batch.undoOf !== null));
    }
    return summaries;
  }

  /** Quitting: held deletes are dropped (nothing was sent) and their rows put back; running batches stop where they are. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const hold of this.holds.values()) {
      clearTimeout(hold.timer);
      this.indexer.restore(hold.profileId, hold.rows);
    }
    this.holds.clear();
    for (const controller of this.running.values()) controller.abort();
    this.indexer.dispose();
  }

  // — internals —

  private async moveMapped(profile: ProfileRow, mappings: Mapping[], label: string, conflict?: ConflictPolicy): Promise<OrganiseResult> {
    const objects = await this.server.listSources(profile, mappings.map((m) => m.from));
    const missing = mappings.find((m) => !m.from.endsWith('/') && !objects.some((o) => o.key === m.from));
    if (missing) throw new AppError('NOT_FOUND', `“${missing.from}” is not in the bucket.`);
    if (objects.length === 0) throw new AppError('NOT_FOUND', `Nothing is stored under “${mappings[0]!.from}”.`);
    const existing = await this.server.existingAt(profile, mappings);
    const plan = planMove({ mappings, sources: objects, existing, conflict });
    if (plan.status === 'needs-decision') return plan;
    const isPublic = new Map(objects.map((o) => [o.key, o.isPublic]));
    const steps: NewStep[] = plan.steps.map((s) => ({ op: 'move', ...s, isPublic: isPublic.get(s.src) ?? null }));
    return { status: 'done', summary: await this.journalAndRun(profile, 'move', label, steps, plan) };
  }

  private async deleteNow(profile: ProfileRow, objects: SourceObject[], label: string): Promise<BatchSummary> {
    const steps: NewStep[] = objects.map((o) => ({ op: 'delete', src: o.key, dst: null, size: o.size }));
    return this.journalAndRun(profile, 'delete', label, steps, { skipped: [], renamed: {} });
  }

  private async hold(profile: ProfileRow, objects: SourceObject[], label: string): Promise<HeldDelete> {
    if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
    const id = randomUUID();
    const holdMs = this.options.holdMs ?? HOLD_MS;
    const view: HeldDelete = {
      id,
      label,
      objects: objects.length,
      bytes: objects.reduce((sum, o) => sum + o.size, 0),
      sendsAt: Date.now() + holdMs,
      versioning: await this.server.bucketVersioning(profile),
    };
    const rows = this.indexer.take(profile.id, objects.map((o) => o.key));
    const timer = setTimeout(() => void this.release(id), holdMs);
    this.holds.set(id, { view, profileId: profile.id, objects, rows, timer });
    this.changed(profile.id);
    return view;
  }

  /** The hold is over: the delete is journaled and sent. */
  private async release(id: string): Promise<void> {
    const hold = this.holds.get(id);
    if (!hold || this.closed) return;
    this.holds.delete(id);
    this.options.bus.emit('organise:held', this.held());
    const profile = getProfile(this.db, hold.profileId);
    if (!profile) return;
    try {
      const summary = await this.deleteNow(profile, hold.objects, hold.view.label);
      // What could not be deleted is still there: its rows come back.
      const failed = new Set(summary.failed.map((f) => f.key));
      if (failed.size > 0) this.indexer.restore(profile.id, hold.rows.filter((r) => failed.has(r.key)));
    } catch (error) {
      // The journal keeps the batch; recovery sends the rest. Meanwhile the rows of what is still there come back with a sync.
      this.options.log.error('organise: a held delete failed', error);
    }
  }

  private async journalAndRun(
    profile: ProfileRow,
    kind: BatchKind,
    label: string,
    steps: NewStep[],
    plan: Pick<BatchSummary, 'skipped' | 'renamed'>,
    undoOf: string | null = null,
  ): Promise<BatchSummary> {
    if (this.closed) throw new AppError('CANCELLED', 'The app is closing.');
    const id = randomUUID();
    journalBatch(this.db, { id, profileId: profile.id, kind, label, undoOf, steps });
    return this.run(profile, id, kind, label, plan, undoOf !== null);
  }

  /** `isUndo`: a move back, not itself offered for Undo (the toast would flip the files to and fro). */
  private async run(
    profile: ProfileRow,
    batchId: string,
    kind: BatchKind,
    label: string,
    plan: Pick<BatchSummary, 'skipped' | 'renamed'>,
    isUndo = false,
  ): Promise<BatchSummary> {
    const controller = new AbortController();
    this.running.set(batchId, controller);
    const all = stepsOf(this.db, batchId);
    const progress: BatchProgress = {
      batchId,
      kind,
      label,
      total: all.length,
      done: all.filter((s) => s.state === 'done').length,
      failed: all.filter((s) => s.state === 'failed').length,
      bytesTotal: all.reduce((sum, s) => sum + s.size, 0),
      bytesDone: all.filter((s) => s.state === 'done').reduce((sum, s) => sum + s.size, 0),
      startedAt: Date.now(),
    };
    this.options.bus.emit('organise:progress', { ...progress });
    let outcome: RunOutcome;
    try {
      const ops = await this.server.ops(profile, controller.signal);
      outcome = await runBatch(
        {
          db: this.db,
          indexer: this.indexer,
          ops,
          limit: this.limit,
          profileId: profile.id,
          rootPrefix: profile.rootPrefix,
          chunkSize: Math.min(1000, this.options.chunkSize ?? 200),
          onProgress: (step) => {
            progress.done += step.done;
            progress.failed += step.failed;
            progress.bytesDone += step.bytes;
            this.options.bus.emit('organise:progress', { ...progress });
            this.changed(profile.id);
          },
          onCopied: (n) => this.options.onCopied?.(batchId, n),
        },
        batchId,
      );
    } catch (error) {
      this.running.delete(batchId);
      if (this.closed) throw new AppError('CANCELLED', 'The app is closing; the change is finished when it starts again.', { cause: error });
      // Stopped by a request that kept failing: the journal keeps it, and recovery (next start, --resume) finishes it.
      setBatchState(this.db, batchId, 'interrupted');
      this.changed(profile.id);
      const reason = error instanceof AppError ? error.message : 'Something went wrong inside the app.';
      throw new AppError(error instanceof AppError ? error.code : 'INTERNAL', `${reason} The rest is finished on the next start (or with --resume).`, { cause: error });
    }
    this.running.delete(batchId);
    const open = stepsOf(this.db, batchId, ['pending', 'copied']).length;
    setBatchState(this.db, batchId, open === 0 ? 'done' : 'interrupted');
    const done = stepsOf(this.db, batchId, ['done']);
    const summary: BatchSummary = {
      batchId,
      kind,
      label,
      done: done.length,
      bytes: done.reduce((sum, s) => sum + s.size, 0),
      skipped: plan.skipped,
      failed: outcome.failed,
      renamed: plan.renamed,
      undoable: !isUndo && kind === 'move' && done.length > 0 && open === 0,
      aclUnknown: outcome.aclUnknown,
    };
    this.options.bus.emit('organise:finished', summary);
    this.changed(profile.id);
    return summary;
  }

  private changed(profileId: string): void {
    this.options.bus.emit('library:changed', { profileId });
    this.options.bus.emit('organise:held', this.held());
  }
}

/** Whether a process with this id is running (signal 0 checks without sending anything). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
