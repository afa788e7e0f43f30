/** Plain data shapes shared by main, renderer and CLI (JSON-safe). */

export type MediaKind = 'image' | 'video' | 'other';

/** What a key is in the library layout (see docs: key layout). */
export type ObjectRole =
  | 'media'
  | 'model_thumb'
  | 'icon'
  | 'banner'
  | 'profile_media'
  | 'folder'
  | 'unclassified';

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  dbPath: string;
  platform: string;
  node: string;
  electron: string | null;
}

export interface ModelSummary {
  id: number;
  name: string;
  postCount: number;
  mediaCount: number;
  bytes: number;
  newestAt: number | null;
  coverKey: string | null;
  iconKey: string | null;
  bannerKey: string | null;
  thumbKey: string | null;
}

export interface PostSummary {
  id: number;
  model: string;
  name: string;
  mediaCount: number;
  bytes: number;
  newestAt: number | null;
  coverKey: string | null;
}

export interface MediaItem {
  id: number;
  key: string;
  model: string;
  post: string;
  relPath: string;
  name: string;
  kind: MediaKind;
  size: number;
  etag: string;
  lastModified: number;
  isPublic: boolean | null;
}

export type ModelSort = 'name' | 'size' | 'newest';

export type PostSort = 'name' | 'size' | 'newest';
export type MediaSort = 'name' | 'size' | 'newest' | 'oldest';
export type KindFilter = 'all' | MediaKind;

/** One page of a post's media; `total` counts every item matching the query. */
export interface MediaPage {
  items: MediaItem[];
  offset: number;
  total: number;
  /** Index of the requested `locate` key in the ordering (-1: not in it). */
  located?: number;
}

/** Search hits grouped by model and post, in index order. */
export interface SearchResult {
  query: string;
  /** Hits returned (capped at the request's limit). */
  count: number;
  /** True when more hits exist than were returned. */
  more: boolean;
  models: { name: string; mediaCount: number }[];
  groups: { model: string; post: string; items: MediaItem[] }[];
  tookMs: number;
}

export interface ThumbProgress {
  done: number;
  total: number;
  failed: number;
  /** Bytes the thumbnail cache holds on disk. */
  cacheBytes: number;
  cacheLimitBytes: number;
}

/** Whether main can reach the active profile's bucket (null: no profile or not checked yet). */
export interface NetworkStatus {
  online: boolean | null;
  host: string | null;
  checkedAt: number | null;
  message: string | null;
}

/** What the shell needs to pick its state: no profile, never synced, or a library. */
export interface LibraryOverview {
  profile: { id: string; name: string; bucket: string; host: string } | null;
  models: number;
  media: number;
  bytes: number;
}

/** Uploads: one journal row as the transfers panel shows it. */
export type UploadState = 'queued' | 'uploading' | 'paused' | 'done' | 'failed' | 'cancelled';
export type ConflictPolicy = 'skip' | 'overwrite' | 'keepBoth';
export type UploadAcl = 'private' | 'public-read';

export interface UploadItemView {
  id: number;
  batchId: string;
  key: string;
  localPath: string;
  size: number;
  bytesDone: number;
  state: UploadState;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface UploadBatchProgress {
  batchId: string;
  items: UploadItemView[];
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the last few seconds. */
  rateBps: number;
  /** null while the rate is unknown. */
  etaSeconds: number | null;
  done: number;
  failed: number;
  cancelled: number;
  total: number;
}

export interface UploadBatchFinished {
  batchId: string;
  done: number;
  failed: number;
  cancelled: number;
  bytes: number;
  /** The first failure's message, for the notification. */
  firstError: string | null;
}

/** A dropped or named file that is not uploaded, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
  /**
   * Set when the file could not be uploaded (missing, unreadable, empty, too
   * large): the code the CLI ends with. Absent for files left out on purpose
   * (hidden and system files, symbolic links, already in the post).
   */
  problem?: 'NOT_FOUND' | 'FORBIDDEN' | 'INVALID_INPUT';
}

export type EnqueueResult =
  | { status: 'needs-decision'; conflicts: string[]; files: number; skipped: SkippedFile[] }
  | {
      status: 'queued';
      batchId: string;
      items: number;
      bytes: number;
      skipped: SkippedFile[];
      /** relPath → the name it was stored under (keep both). */
      renamed: Record<string, string>;
    };
