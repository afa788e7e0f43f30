/**
 * The local index. Times are epoch milliseconds. Booleans are 0/1 integers.
 * Media rows are keyed by (profile, key) and carry the parsed layout (model,
 * post, relative path) as text, so renames and deletions in the bucket are
 * plain row changes; models and posts hold the aggregates the browser shows.
 *
 * Every table in one file on purpose (about 390 lines): drizzle-kit generates
 * the migrations from this file (drizzle.config.ts), and one place shows the whole index.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const profiles = sqliteTable('profiles', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  endpoint: text('endpoint').notNull(),
  region: text('region').notNull(),
  bucket: text('bucket').notNull(),
  rootPrefix: text('root_prefix').notNull().default(''),
  /** 'auto' | 'path' | 'virtual' */
  pathStyle: text('path_style').notNull().default('auto'),
  /** 'auto' (Spaces CDN), 'custom' (cdnDomain), 'none' */
  cdnMode: text('cdn_mode').notNull().default('auto'),
  cdnDomain: text('cdn_domain'),
  /**
   * 'unknown' | 'on' | 'off': whether the CDN answered a HEAD of a known
   * object when the profile was last saved or checked. CDN links are offered
   * only when 'on' (the CDN answers only once enabled for the bucket).
   */
  cdnStatus: text('cdn_status').notNull().default('unknown'),
  cdnCheckedAt: integer('cdn_checked_at'),
  defaultAcl: text('default_acl').notNull().default('private'),
  cacheControl: text('cache_control'),
  accessKeyId: text('access_key_id').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    postCount: integer('post_count').notNull().default(0),
    mediaCount: integer('media_count').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    newestAt: integer('newest_at'),
    coverKey: text('cover_key'),
    iconKey: text('icon_key'),
    bannerKey: text('banner_key'),
    thumbKey: text('thumb_key'),
  },
  (t) => [uniqueIndex('models_profile_name').on(t.profileId, t.name)],
);

export const posts = sqliteTable(
  'posts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    name: text('name').notNull(),
    mediaCount: integer('media_count').notNull().default(0),
    bytes: integer('bytes').notNull().default(0),
    newestAt: integer('newest_at'),
    coverKey: text('cover_key'),
  },
  (t) => [uniqueIndex('posts_profile_model_name').on(t.profileId, t.model, t.name)],
);

/** Every object the last listings saw, classified by the key layout. */
export const objects = sqliteTable(
  'objects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** ObjectRole: media | model_thumb | icon | banner | profile_media | folder | unclassified */
    role: text('role').notNull(),
    model: text('model'),
    post: text('post'),
    relPath: text('rel_path'),
    name: text('name').notNull(),
    /** MediaKind: image | video | other */
    kind: text('kind').notNull(),
    size: integer('size').notNull(),
    etag: text('etag').notNull(),
    lastModified: integer('last_modified').notNull(),
    /** null until read from the server (GetObjectAcl) or set by an upload. */
    isPublic: integer('is_public', { mode: 'boolean' }),
    /** The sync run that last saw this key: the mark of mark-and-sweep. */
    seenRun: integer('seen_run'),
  },
  (t) => [
    uniqueIndex('objects_profile_key').on(t.profileId, t.key),
    index('objects_profile_model_post_name').on(t.profileId, t.model, t.post, t.name),
    index('objects_profile_seen').on(t.profileId, t.seenRun),
    // Duplicates (same size and ETag anywhere in the library) and the upload's "already here" check, by index.
    index('objects_profile_size_etag').on(t.profileId, t.size, t.etag),
  ],
);

/**
 * What was read from inside a media object (issue 17): an image's pixel size
 * and EXIF (date taken, camera, orientation) when its thumbnail is made; a
 * video's duration, size and codec (ffprobe) when its poster is. One row per
 * object, for the ETag it was read from: a changed object loses its row (a
 * trigger, migration 0004) until it is read again. `searchText` is what
 * search matches besides the names (FTS5, same migration).
 */
export const mediaFacts = sqliteTable('media_facts', {
  objectId: integer('object_id')
    .primaryKey()
    .references(() => objects.id, { onDelete: 'cascade' }),
  etag: text('etag').notNull(),
  /** Pixels as shown (EXIF rotation applied). */
  width: integer('width'),
  height: integer('height'),
  durationMs: integer('duration_ms'),
  /** The camera's wall-clock time (EXIF DateTimeOriginal / a video's creation time), stored as if it were UTC. */
  takenAt: integer('taken_at'),
  camera: text('camera'),
  /** EXIF orientation 1–8 (1: as stored). */
  orientation: integer('orientation'),
  /** Video codec (h264, hevc, vp9…) or image format (jpeg, heif…). */
  codec: text('codec'),
  searchText: text('search_text').notNull().default(''),
  readAt: integer('read_at').notNull(),
});

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
    /** running | completed | failed | cancelled | needs_confirmation */
    status: text('status').notNull(),
    objects: integer('objects').notNull().default(0),
    pages: integer('pages').notNull().default(0),
    added: integer('added').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    unclassified: integer('unclassified').notNull().default(0),
    /** Keys a completed listing no longer saw, held back for confirmation. */
    pendingRemovals: integer('pending_removals').notNull().default(0),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [index('sync_runs_profile_started').on(t.profileId, t.startedAt)],
);

/** The upload journal: enough to resume a multipart upload after a crash. */
export const uploads = sqliteTable(
  'uploads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    batchId: text('batch_id').notNull(),
    localPath: text('local_path').notNull(),
    key: text('key').notNull(),
    size: integer('size').notNull(),
    mtimeMs: integer('mtime_ms').notNull(),
    contentType: text('content_type').notNull(),
    acl: text('acl').notNull(),
    cacheControl: text('cache_control'),
    /** queued | uploading | paused | done | failed | cancelled */
    state: text('state').notNull(),
    bytesDone: integer('bytes_done').notNull().default(0),
    uploadId: text('upload_id'),
    partSize: integer('part_size'),
    etag: text('etag'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('uploads_state').on(t.state), index('uploads_batch').on(t.batchId)],
);

/**
 * Parts of a multipart upload the server acknowledged, one row each: recording
 * a part is one small insert (a JSON column rewritten per part cost O(parts²)).
 */
export const uploadParts = sqliteTable(
  'upload_parts',
  {
    uploadId: integer('upload_id')
      .notNull()
      .references(() => uploads.id, { onDelete: 'cascade' }),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })],
);

export const sharedLinks = sqliteTable(
  'shared_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    url: text('url').notNull(),
    /** presigned | public | cdn */
    kind: text('kind').notNull(),
    expiresAt: integer('expires_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('shared_links_created').on(t.createdAt)],
);

/** Thumbnail cache bookkeeping (files live in the data directory): grid thumbnails, video posters, converted previews. */
export const thumbnails = sqliteTable(
  'thumbnails',
  {
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    etag: text('etag').notNull(),
    /** '' the grid's thumbnail (or a video's poster); 'preview' the viewer's large conversion of a format Chromium cannot show (HEIC, TIFF). */
    variant: text('variant').notNull().default(''),
    file: text('file').notNull(),
    bytes: integer('bytes').notNull(),
    lastUsedAt: integer('last_used_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.key, t.etag, t.variant] }), index('thumbnails_lru').on(t.lastUsedAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at')
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/**
 * The download journal (issue 16): every file being fetched — into the
 * offline store, an export folder, a `get` destination or a drag — with the
 * ETag it is fetched at and its partial file, so a crash or a lost network
 * resumes with Range + If-Match instead of starting over.
 */
export const downloads = sqliteTable(
  'downloads',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    batchId: text('batch_id').notNull(),
    /** offline | export | get | drag */
    purpose: text('purpose').notNull(),
    key: text('key').notNull(),
    /** The version being fetched; a changed object restarts the file under its new ETag. */
    etag: text('etag').notNull(),
    size: integer('size').notNull(),
    lastModified: integer('last_modified').notNull(),
    /** Where the file goes once complete and verified. */
    dest: text('dest').notNull(),
    /** The partial file (renamed to `dest` when complete). */
    temp: text('temp').notNull(),
    /** Bytes per ranged GET. */
    chunkSize: integer('chunk_size').notNull(),
    /** queued | downloading | paused | done | failed | cancelled */
    state: text('state').notNull(),
    bytesDone: integer('bytes_done').notNull().default(0),
    /** How the bytes were checked: md5 | parts (multipart ETag recomputed) | size (the ETag says nothing more) */
    verified: text('verified'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('downloads_state').on(t.state), index('downloads_batch').on(t.batchId), index('downloads_dest').on(t.dest)],
);

/** Chunks of a download written to its partial file, one row each. */
export const downloadChunks = sqliteTable(
  'download_chunks',
  {
    downloadId: integer('download_id')
      .notNull()
      .references(() => downloads.id, { onDelete: 'cascade' }),
    chunk: integer('chunk').notNull(),
  },
  (t) => [primaryKey({ columns: [t.downloadId, t.chunk] })],
);

/** Posts and models kept offline ("Keep offline"); post '' pins the whole model. */
export const offlinePins = sqliteTable(
  'offline_pins',
  {
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    model: text('model').notNull(),
    post: text('post').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    /** When the person cancelled its downloads: kept pinned with what it has, nothing more fetched until pinned again. */
    cancelledAt: integer('cancelled_at'),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.model, t.post] })],
);

/**
 * Originals in the offline store, by content (ETag + size), not by key: an
 * object moved or renamed with its ETag kept needs no second download, and
 * two keys with the same bytes share one file.
 */
export const offlineFiles = sqliteTable(
  'offline_files',
  {
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    etag: text('etag').notNull(),
    size: integer('size').notNull(),
    /** Path inside the store's directory. */
    file: text('file').notNull(),
    verified: text('verified').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.etag, t.size] })],
);

/**
 * The organise journal (rename, move, delete, set a model's picture): a batch
 * and its steps are written before the first request, and each step's state
 * after each request, so a crash between a copy and its delete is finished
 * on the next start (an object is never lost, never left in two places).
 */
export const organiseBatches = sqliteTable(
  'organise_batches',
  {
    id: text('id').primaryKey(),
    profileId: text('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    /** move | delete | set-image */
    kind: text('kind').notNull(),
    /** What the person asked, as the summary says it. */
    label: text('label').notNull(),
    /** running | interrupted (its run stopped early: anyone may finish it) | done */
    state: text('state').notNull(),
    /** The process running it: a batch of a live process is left alone by recovery. */
    pid: integer('pid').notNull(),
    /** The batch this one undoes (a move back). */
    undoOf: text('undo_of'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('organise_batches_state').on(t.state)],
);

export const organiseSteps = sqliteTable(
  'organise_steps',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => organiseBatches.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** move (copy, then delete the source) | copy | delete */
    op: text('op').notNull(),
    src: text('src').notNull(),
    dst: text('dst'),
    size: integer('size').notNull(),
    /** pending | copied (the copy is confirmed, the source not yet deleted) | done | failed | skipped */
    state: text('state').notNull(),
    /** The copy as stored, for the index: ETag, LastModified, whether it is public (null: unknown). */
    etag: text('etag'),
    lastModified: integer('last_modified'),
    isPublic: integer('is_public', { mode: 'boolean' }),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.seq] })],
);
