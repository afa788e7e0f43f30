/** The `sync_runs` table: one row per sync, written at start and at the end. */
import { and, desc, eq } from 'drizzle-orm';
import type { SyncRunSummary, SyncRunStatus } from '../../../shared/sync';
import type { Db } from '../db/database';
import { syncRuns } from '../db/schema';

export function startRun(db: Db, profileId: string, now = Date.now()): number {
  // A row still 'running' for this profile is from a process that died mid-sync.
  db.update(syncRuns)
    .set({ status: 'failed', endedAt: now, errorCode: 'INTERNAL', errorMessage: 'The app stopped during this sync.' })
    .where(and(eq(syncRuns.profileId, profileId), eq(syncRuns.status, 'running')))
    .run();
  const row = db.insert(syncRuns).values({ profileId, startedAt: now, status: 'running' }).returning({ id: syncRuns.id }).get();
  return row.id;
}

/** A run's closing figures: its summary less what startRun and finishRun set themselves. */
export type RunEnd = Omit<SyncRunSummary, 'id' | 'startedAt' | 'endedAt' | 'status' | 'errorCode' | 'errorMessage'> & {
  status: Exclude<SyncRunStatus, 'running'>;
  errorCode?: string | null;
  errorMessage?: string | null;
};

export function finishRun(db: Db, runId: number, end: RunEnd, now = Date.now()): void {
  db.update(syncRuns)
    .set({ ...end, endedAt: now, errorCode: end.errorCode ?? null, errorMessage: end.errorMessage ?? null })
    .where(eq(syncRuns.id, runId))
    .run();
}

export function lastRun(db: Db, profileId: string): SyncRunSummary | null {
  const row = db.select().from(syncRuns).where(eq(syncRuns.profileId, profileId)).orderBy(desc(syncRuns.id)).limit(1).get();
  if (!row) return null;
  return {
    id: row.id,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    status: row.status as SyncRunStatus,
    objects: row.objects,
    pages: row.pages,
    added: row.added,
    updated: row.updated,
    removed: row.removed,
    unclassified: row.unclassified,
    pendingRemovals: row.pendingRemovals,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
  };
}
