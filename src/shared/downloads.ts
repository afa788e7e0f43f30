/** Downloads, the offline store and exports (issue 16): plain data shared by main, renderer and CLI. */

export type DownloadState = 'queued' | 'downloading' | 'paused' | 'done' | 'failed' | 'cancelled';
/** Why a file is fetched: into the offline store, an export folder, `spaces-media get`, or a drag out of the app. */
export type DownloadPurpose = 'offline' | 'export' | 'get' | 'drag';
/** How a finished file was checked against the server's ETag. */
export type Verification = 'md5' | 'parts' | 'size';

export interface DownloadItemView {
  id: number;
  batchId: string;
  purpose: DownloadPurpose;
  key: string;
  size: number;
  bytesDone: number;
  state: DownloadState;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface DownloadProgress {
  batchId: string;
  purpose: DownloadPurpose;
  /** Only the items that changed since the last event (all of them in a batch's first). */
  items: DownloadItemView[];
  bytesDone: number;
  bytesTotal: number;
  rateBps: number;
  done: number;
  failed: number;
  cancelled: number;
  total: number;
}

/** How a batch ended: counts, bytes fetched, and each failure. */
export interface DownloadBatchFinished {
  batchId: string;
  purpose: DownloadPurpose;
  done: number;
  failed: number;
  cancelled: number;
  bytes: number;
  failures: { key: string; code: string; message: string }[];
}

/** A pinned post (or a whole model: post null) and how far its originals are on disk. */
/** `cancelled`: the person cancelled its downloads; it keeps what it has and fetches nothing until pinned again. */
export type PinState = 'queued' | 'downloading' | 'done' | 'error' | 'cancelled';

export interface OfflinePinView {
  model: string;
  post: string | null;
  state: PinState;
  files: number;
  filesDone: number;
  bytes: number;
  bytesDone: number;
  /** What went wrong (first failure, or the storage limit), for `error`. */
  message: string | null;
  errorCode: string | null;
  createdAt: number;
}

export interface OfflineUsage {
  /** Bytes of originals in the store. */
  usedBytes: number;
  limitBytes: number;
  /** Bytes the pins would need in all. */
  wantedBytes: number;
  pins: OfflinePinView[];
}

/** Whether the viewer can open an item's original from disk. */
export interface OfflineItemStatus {
  pinned: boolean;
  available: boolean;
}

export type ExportConflict = 'skip' | 'overwrite' | 'keepBoth';

export type ExportResult =
  | { status: 'cancelled' }
  | { status: 'needs-decision'; token: string; folder: string; conflicts: string[]; files: number }
  | { status: 'queued'; batchId: string; folder: string; files: number; bytes: number; skipped: number };

/** The smallest and largest offline store limit a person may set. */
export const MIN_OFFLINE_LIMIT = 256 * 1024 * 1024;
export const MAX_OFFLINE_LIMIT = 64 * 1024 ** 4;
