/** Sync shapes shared by main, renderer and CLI (JSON-safe). */

export type SyncRunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'needs_confirmation';

export interface SyncRunSummary {
  id: number;
  startedAt: number;
  endedAt: number | null;
  status: SyncRunStatus;
  objects: number;
  pages: number;
  added: number;
  updated: number;
  removed: number;
  unclassified: number;
  /** Keys the completed listing no longer saw, held back until the user confirms. */
  pendingRemovals: number;
  errorCode: string | null;
  errorMessage: string | null;
}

/** A run as it goes: the run's own counts so far, plus where it is. */
export interface SyncProgress extends Pick<SyncRunSummary, 'status' | 'objects' | 'pages' | 'added' | 'updated' | 'removed'> {
  profileId: string;
  runId: number;
  phase: 'listing' | 'sweeping' | 'done';
  /** Objects listed per second so far. */
  rate: number;
  elapsedMs: number;
}

/** What a finished sync reports (the CLI's `sync --json` is a subset). */
export interface SyncResult extends SyncRunSummary {
  models: number;
  posts: number;
  media: number;
  strategy: 'flat' | 'prefixes';
  /** Listings in flight at the end: what the adaptive pace settled on. */
  pace: number;
  durationMs: number;
}

export interface SyncStatus {
  running: boolean;
  progress: SyncProgress | null;
  lastRun: SyncRunSummary | null;
}

export interface UnclassifiedItem {
  key: string;
  size: number;
  lastModified: number;
}

/** Automatic syncs of the active profile (settings table). */
export interface SyncSchedule {
  /** null: no periodic sync. */
  intervalMinutes: number | null;
  onStartup: boolean;
}
