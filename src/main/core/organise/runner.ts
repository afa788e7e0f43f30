/**
 * Runs a journaled batch — fresh, or left unfinished by a crash — chunk by
 * chunk (up to 1,000 steps, one DeleteObjects request):
 * 1. copy every pending move/copy step (ACL read first, then set on the
 *    copy), requests in flight bounded; each confirmed copy is journaled
 *    `copied` before anything else happens to it;
 * 2. delete the sources of the copied moves and the keys of delete steps;
 *    a source that cannot be deleted has its copy removed again (the object
 *    stays in one place: where it was);
 * 3. update the index and mark the steps done, in one transaction.
 * Run again over the same journal, it picks up where it stopped: a pending
 * step is copied again (or found already moved), a copied one is deleted.
 */
import type { LimitFunction } from 'p-limit';
import type { OrganiseFailure } from '../../../shared/organise';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import type { OrganiseIndexer, PlacedObject } from './index-update';
import { stepsOf, updateStep, type StepRow } from './journal';
import { copyObject, deleteKeys, head, readAcl, type OpsContext } from './s3-ops';

export interface RunnerDeps {
  db: Db;
  indexer: OrganiseIndexer;
  ops: OpsContext;
  /** Requests in flight, shared by every step of the batch. */
  limit: LimitFunction;
  profileId: string;
  rootPrefix: string;
  /** Steps per chunk (≤ 1,000: one DeleteObjects request). */
  chunkSize: number;
  onProgress(step: { done: number; failed: number; bytes: number }): void;
  /** Told after each copy is journaled (tests stop the process there: between a copy and its delete). */
  onCopied?(copied: number): void;
}

export interface RunOutcome {
  done: number;
  bytes: number;
  failed: OrganiseFailure[];
  /** Copies made without an ACL because this key may not read it. */
  aclUnknown: number;
}

const failure = (step: Pick<StepRow, 'src'>, error: unknown): OrganiseFailure => {
  const e = error instanceof AppError ? error : new AppError('INTERNAL', 'Something went wrong inside the app.', { cause: error });
  return { key: step.src, code: e.code, message: e.message };
};

export async function runBatch(deps: RunnerDeps, batchId: string): Promise<RunOutcome> {
  const { db, ops } = deps;
  const outcome: RunOutcome = { done: 0, bytes: 0, failed: [], aclUnknown: 0 };
  let copied = 0;
  // A key that may not read ACLs is told so once (the first read goes alone); later copies use what the index knew.
  let aclReadable = true;
  let firstAclRead: Promise<unknown> | null = null;

  const fail = (step: StepRow, error: unknown) => {
    const f = failure(step, error);
    updateStep(db, batchId, step.seq, { state: 'failed', errorCode: f.code, errorMessage: f.message });
    outcome.failed.push(f);
  };

  const copy = async (step: StepRow): Promise<void> => {
    if (firstAclRead) await firstAclRead;
    let isPublic = step.isPublic;
    try {
      if (aclReadable) {
        const reading = deps.limit(() => readAcl(ops, step.src));
        firstAclRead ??= reading.catch(() => undefined);
        const read = await reading;
        if (read === null) aclReadable = false;
        else isPublic = read;
      }
      const stored = await deps.limit(() => copyObject(ops, step.src, step.dst!, step.size, isPublic));
      if (isPublic === null) outcome.aclUnknown++;
      updateStep(db, batchId, step.seq, { state: 'copied', etag: stored.etag, lastModified: stored.lastModified, isPublic });
      Object.assign(step, { state: 'copied', etag: stored.etag, lastModified: stored.lastModified, isPublic });
      deps.onCopied?.(++copied);
    } catch (error) {
      if (error instanceof AppError && error.code === 'CANCELLED') throw error;
      // The source is gone: a run before this one may have moved it already (copied, deleted, then stopped).
      if (step.op === 'move' && error instanceof AppError && error.code === 'NOT_FOUND') {
        const there = await deps.limit(() => head(ops, step.dst!));
        if (there) {
          const facts = { state: 'copied', etag: (there.ETag ?? '').replace(/"/g, ''), lastModified: there.LastModified?.getTime() ?? Date.now(), isPublic };
          updateStep(db, batchId, step.seq, facts);
          Object.assign(step, facts);
          return;
        }
      }
      fail(step, error);
    }
  };

  const pending = stepsOf(db, batchId, ['pending', 'copied']);
  for (let at = 0; at < pending.length; at += deps.chunkSize) {
    const chunk = pending.slice(at, at + deps.chunkSize);
    const failedBefore = outcome.failed.length;

    // 1. Copies (a stopped run throws CANCELLED through here and leaves the journal as it is).
    await Promise.all(chunk.filter((s) => s.op !== 'delete' && s.state === 'pending').map(copy));

    // 2. Sources of confirmed moves, and deletions.
    const removing = chunk.filter((s) => (s.op === 'move' && s.state === 'copied') || (s.op === 'delete' && s.state === 'pending'));
    const { deleted, failed } = await deps.limit(() => deleteKeys(ops, removing.map((s) => s.src)));
    const gone = new Set(deleted);
    const refused = new Map(failed.map((f) => [f.key, f.error]));
    const undo: StepRow[] = [];
    for (const step of removing) {
      const error = refused.get(step.src);
      if (!error && gone.has(step.src)) continue;
      if (step.op === 'move') undo.push(step);
      fail(step, error ?? new AppError('INTERNAL', `The store did not say whether “${step.src}” was deleted.`));
    }
    // A source that stays: its copy goes again, so the object is in one place.
    if (undo.length > 0) {
      const rollback = await deps.limit(() => deleteKeys(ops, undo.map((s) => s.dst!)));
      for (const { key } of rollback.failed) {
        const step = undo.find((s) => s.dst === key)!;
        const message = `“${step.src}” could not be deleted, and its copy “${key}” could not be removed either: it is in both places now.`;
        updateStep(db, batchId, step.seq, { state: 'failed', errorMessage: message });
        outcome.failed.find((f) => f.key === step.src)!.message = message;
      }
    }

    // 3. The index and the journal, together.
    const finished = chunk.filter(
      (s) => (s.op === 'copy' && s.state === 'copied') || ((s.op === 'move' || s.op === 'delete') && gone.has(s.src) && !refused.has(s.src)),
    );
    const placed: PlacedObject[] = finished
      .filter((s) => s.op !== 'delete')
      .map((s) => ({ op: s.op as 'move' | 'copy', src: s.src, dst: s.dst!, size: s.size, etag: s.etag ?? '', lastModified: s.lastModified ?? 0, isPublic: s.isPublic }));
    const removed = finished.filter((s) => s.op === 'delete').map((s) => s.src);
    await deps.indexer.apply(deps.profileId, deps.rootPrefix, { placed, deleted: removed }, () => {
      for (const step of finished) updateStep(db, batchId, step.seq, { state: 'done' });
    });
    outcome.done += finished.length;
    outcome.bytes += finished.reduce((sum, s) => sum + s.size, 0);
    deps.onProgress({ done: finished.length, failed: outcome.failed.length - failedBefore, bytes: finished.reduce((sum, s) => sum + s.size, 0) });
  }
  return outcome;
}
