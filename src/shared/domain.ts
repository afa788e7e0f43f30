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
  /** What was read from inside the file (null: not read yet — its thumbnail or poster is not made). */
  facts: MediaFacts | null;
}

/**
 * Facts read from inside a media file (issue 17): an image's pixel size and
 * EXIF, a video's duration, size and codec. Any of them may be unknown.
 */
export interface MediaFacts {
  /** Pixels as shown (EXIF rotation applied). */
  width: number | null;
  height: number | null;
  durationMs: number | null;
  /** The camera's wall-clock time (EXIF DateTimeOriginal, a video's creation time), as epoch ms read as UTC: format it in UTC. */
  takenAt: number | null;
  camera: string | null;
  /** EXIF orientation 1–8. */
  orientation: number | null;
  /** Video codec (h264, hevc…) or image format (jpeg, heif…). */
  codec: string | null;
}

export type Orientation = 'landscape' | 'portrait' | 'square';

export type ModelSort = 'name' | 'size' | 'newest';

export type PostSort = 'name' | 'size' | 'newest';
/** `taken`: date taken, else the date modified; `dimensions`: pixel count. Each has a natural direction; `reverse` flips it. */
export type MediaSort = 'name' | 'size' | 'newest' | 'oldest' | 'taken' | 'dimensions' | 'duration' | 'kind' | 'access';

/** Narrowing a post's media beyond its kind and name (dates compare the date taken, else the date modified). */
export interface MediaFilters {
  orientation?: Orientation;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  minSize?: number;
  maxSize?: number;
}
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

/**
 * A file of a batch whose content is already in the library under another
 * key. `identical`: the object's ETag is this file's MD5 (or the multipart
 * ETag this app's part size gives); `same-size`: same size, but the object's
 * ETag (multipart, another part size) cannot be compared, so it may differ.
 */
export interface UploadDuplicate {
  relPath: string;
  size: number;
  certainty: 'identical' | 'same-size';
  /** Keys of the copies already in the library (at most a few). */
  existing: string[];
}

export type DuplicatePolicy = 'ask' | 'upload' | 'skip';

export type EnqueueResult =
  | {
      status: 'needs-decision';
      /** Files whose key is taken in the target post (one conflict policy for all). */
      conflicts: string[];
      /** Asked after the conflicts are settled: files whose content the library already has elsewhere. */
      duplicates: UploadDuplicate[];
      files: number;
      skipped: SkippedFile[];
    }
  | {
      status: 'queued';
      batchId: string;
      items: number;
      bytes: number;
      skipped: SkippedFile[];
      /** relPath → the name it was stored under (keep both). */
      renamed: Record<string, string>;
    };

/** One object of a group of duplicates: where the copy lives. */
export interface DuplicateCopy {
  key: string;
  /** null for objects outside the model/post layout. */
  model: string | null;
  post: string | null;
  name: string;
  kind: MediaKind;
  role: ObjectRole;
  lastModified: number;
  isPublic: boolean | null;
}

/** Objects with the same size and ETag across the library: one content, several keys. */
export interface DuplicateGroup {
  etag: string;
  size: number;
  copies: DuplicateCopy[];
}

export interface DuplicatesPage {
  groups: DuplicateGroup[];
  offset: number;
  /** Groups in the whole library. */
  totalGroups: number;
  /** Objects that are extra copies (each group's count minus one). */
  extraCopies: number;
  /** Bytes the extra copies take. */
  extraBytes: number;
  tookMs: number;
}
