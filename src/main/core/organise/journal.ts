/**
 * The organise journal (`organise_batches`, `organise_steps`): a batch and
 * every step are written before the first request; a step's state changes
 * after each request it depends on (synchronous better-sqlite3 writes, so a
 * step is recorded or not). What a crash leaves is read back by recovery.
 * Inspect it with: SELECT * FROM organise_batches WHERE state != 'done'.
 */
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { BatchKind } from '../../../shared/organise';
import type { Db } from '../db/database';
import { organiseBatches, organiseSteps } from '../db/schema';

export type BatchRow = typeof organiseBatches.$inferSelect;
export type StepRow = typeof organiseSteps.$inferSelect;
export type StepOp = 'move' | 'copy' | 'delete';
export type StepState = 'pending' | 'copied' | 'done' | 'failed' | 'skipped';
export type BatchState = 'running' | 'interrupted' | 'done';

export interface NewStep {
  op: StepOp;
  src: string;
  dst: string | null;
  size: number;
  /** What the index knew of the source's ACL, used when the server will not say. */
  isPublic?: boolean | null;
}

export interface NewBatch {
  id: string;
  profileId: string;
  kind: BatchKind;
  label: string;
  undoOf?: string | null;
  steps: NewStep[];
}

/** Writes the batch and all its steps in one transaction, before anything is sent. */
export function journalBatch(db: Db, batch: NewBatch, pid = process.pid): void {
  const now = Date.now();
  db.transaction((tx) => {
    tx.insert(organiseBatches)
      .values({ id: batch.id, profileId: batch.profileId, kind: batch.kind, label: batch.label, state: 'running', pid, undoOf: batch.undoOf ?? null, createdAt: now, updatedAt: now })
      .run();
    // In slices: SQLite bounds the parameters of one statement.
    for (let at = 0; at < batch.steps.length; at += 500) {
      tx.insert(organiseSteps)
        .values(
          batch.steps.slice(at, at + 500).map((s, i) => ({
            batchId: batch.id,
            seq: at + i,
            op: s.op,
            src: s.src,
            dst: s.dst,
            size: s.size,
            state: 'pending',
            isPublic: s.isPublic ?? null,
          })),
        )
        .run();
    }
  });
}

export function getBatch(db: Db, id: string): BatchRow | undefined {
  return db.select().from(organiseBatches).where(eq(organiseBatches.id, id)).get();
}

export function stepsOf(db: Db, batchId: string, states?: StepState[]): StepRow[] {
  const where = states ? and(eq(organiseSteps.batchId, batchId), inArray(organiseSteps.state, states)) : eq(organiseSteps.batchId, batchId);
  return db.select().from(organiseSteps).where(where).orderBy(asc(organiseSteps.seq)).all();
}

export function updateStep(db: Db, batchId: string, seq: number, patch: Partial<Omit<StepRow, 'batchId' | 'seq'>>): void {
  db.update(organiseSteps).set(patch).where(and(eq(organiseSteps.batchId, batchId), eq(organiseSteps.seq, seq))).run();
}

export function setBatchState(db: Db, id: string, state: BatchState, pid?: number): void {
  db.update(organiseBatches)
    .set({ state, updatedAt: Date.now(), ...(pid === undefined ? {} : { pid }) })
    .where(eq(organiseBatches.id, id))
    .run();
}

/** Batches not finished: running in some process, or stopped early (a failed request, a quit). */
export function unfinishedBatches(db: Db, profileId?: string): BatchRow[] {
  const open = ne(organiseBatches.state, 'done');
  return db
    .select()
    .from(organiseBatches)
    .where(profileId ? and(open, eq(organiseBatches.profileId, profileId)) : open)
    .orderBy(asc(organiseBatches.createdAt))
    .all();
}

/** How many steps of a batch are in each state. */
export function stepCounts(db: Db, batchId: string): Record<string, number> {
  const rows = db
    .select({ state: organiseSteps.state, n: sql<number>`count(*)` })
    .from(organiseSteps)
    .where(eq(organiseSteps.batchId, batchId))
    .groupBy(organiseSteps.state)
    .all();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** Forgets finished batches older than `before` (epoch ms): the journal only needs what may still be recovered or undone. */
export function pruneFinished(db: Db, before: number): number {
  return db
    .delete(organiseBatches)
    .where(and(eq(organiseBatches.state, 'done'), sql`${organiseBatches.updatedAt} < ${before}`))
    .run().changes;
}
