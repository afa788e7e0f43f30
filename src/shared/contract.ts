/**
 * The one IPC contract. Every renderer→main call is declared here once
 * (channel, zod request schema, response type) and every main→renderer
 * event once. Main's handler table, the preload's window.api and the e2e
 * harness are all derived from these two objects.
 */
import { z } from 'zod';
import type {
  AppInfo,
  EnqueueResult,
  LibraryOverview,
  MediaItem,
  MediaPage,
  ModelSummary,
  NetworkStatus,
  PostSummary,
  SearchResult,
  ThumbProgress,
  UploadBatchFinished,
  UploadBatchProgress,
  UploadItemView,
} from './domain';
import {
  MAX_OFFLINE_LIMIT,
  MIN_OFFLINE_LIMIT,
  type DownloadBatchFinished,
  type DownloadItemView,
  type DownloadProgress,
  type ExportResult,
  type OfflineItemStatus,
  type OfflinePinView,
  type OfflineUsage,
} from './downloads';
import type { Envelope } from './errors';
import { MAX_PRESIGN_REASON, MAX_PRESIGN_SECONDS, type CopiedLinks, type LinkOptions, type ObjectAccess, type ShareLink, type SharedLinkRecord } from './links';
import { MAX_UPLOAD_GRANTS, type FileGrant } from './file-grants';
import { cacheControlSchema, profileFormSchema, profileTestSchema, type ConnectionTestResult, type ProfileList, type ProfileView } from './profile';
import type { SyncProgress, SyncResult, SyncSchedule, SyncStatus, UnclassifiedItem } from './sync';
import type { UpdateCheck } from './updates';

export interface CallDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: carries the response type; never set at runtime. */
  readonly response?: Res;
}

/** `call<Response>()(requestSchema)` — curried so Res is explicit and Req inferred. */
function call<Res>() {
  return <Req extends z.ZodType>(request: Req): CallDef<Req, Res> => ({ request });
}

export interface EventDef<Payload> {
  readonly payload?: Payload;
}
function event<Payload>(): EventDef<Payload> {
  return {};
}

const noRequest = z.undefined();

export const modelSortSchema = z.enum(['name', 'size', 'newest']);

const objectKeys = z.array(z.string().min(1).max(1024)).min(1).max(1000);
export const linkRequestSchema = z
  .object({
    keys: objectKeys,
    kind: z.enum(['presigned', 'public', 'cdn']),
    expiresIn: z.number().int().min(1).max(MAX_PRESIGN_SECONDS, MAX_PRESIGN_REASON).optional(),
    download: z.boolean().optional(),
  })
  .strict();
export const mediaSortSchema = z.enum(['name', 'size', 'newest', 'oldest']);
export const kindFilterSchema = z.enum(['all', 'image', 'video', 'other']);
const nameSchema = z.string().min(1).max(1024);
const offlineScopeSchema = z.object({ model: nameSchema, post: nameSchema.optional() }).strict();
const exportConflictSchema = z.enum(['skip', 'overwrite', 'keepBoth']);

export const calls = {
  'app:info': call<AppInfo>()(noRequest),
  /** Restarts the desktop app on the built-in demo library (an embedded S3 server with sample models). */
  'app:openDemo': call<{ opening: true }>()(noRequest),
  /** Asks the release feed for a newer version (Settings › Updates); off outside an installed app. */
  'app:checkForUpdates': call<UpdateCheck>()(noRequest),
  'library:listModels': call<ModelSummary[]>()(
    z
      .object({
        sort: modelSortSchema.optional(),
        filter: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  ),
  /** Profiles and the active one's id; the renderer shows first run when the list is empty. */
  'profiles:list': call<ProfileList>()(noRequest),
  /** Create (no id) or update; `secret` is write-only and never comes back (only hasSecret). */
  'profiles:save': call<ProfileView>()(profileFormSchema),
  'profiles:remove': call<{ removed: true }>()(z.object({ id: z.string().min(1).max(100) }).strict()),
  'profiles:setActive': call<ProfileView>()(z.object({ id: z.string().min(1).max(100) }).strict()),
  /** A stored profile by id, or an unsaved draft (+ secret); S3 problems come back as `{ok:false,error}`. */
  'profiles:test': call<ConnectionTestResult>()(profileTestSchema),
  /** The active profile's CDN/origin bases, for the share dialog. */
  'links:options': call<LinkOptions>()(noRequest),
  /** A pasted key or URL → the canonical key (INVALID_INPUT / FOREIGN_URL otherwise). */
  'links:resolve': call<string>()(z.object({ input: z.string().max(8192) }).strict()),
  'links:create': call<ShareLink[]>()(linkRequestSchema),
  /** Creates the links and writes them to the clipboard in main, one a line. */
  'links:copy': call<CopiedLinks>()(linkRequestSchema),
  'links:recent': call<SharedLinkRecord[]>()(noRequest),
  /** Copies links already made (from Recently shared) again, one a line; expired ones are refused. */
  'links:copyRecent': call<CopiedLinks>()(z.object({ ids: z.array(z.number().int().positive()).min(1).max(1000) }).strict()),
  /** Asks the server (GetObjectAcl) whether each object is public; updates the index. */
  'links:getAcl': call<ObjectAccess[]>()(z.object({ keys: objectKeys }).strict()),
  /** public-read or private (PutObjectAcl); making objects public asks for a confirmation main shows itself. */
  'links:setAcl': call<ObjectAccess[]>()(z.object({ keys: objectKeys, public: z.boolean() }).strict()),
  'library:overview': call<LibraryOverview>()(noRequest),
  'library:getModel': call<ModelSummary | null>()(z.object({ model: nameSchema }).strict()),
  'library:listPosts': call<PostSummary[]>()(
    z.object({ model: nameSchema, sort: modelSortSchema.optional(), filter: z.string().max(200).optional() }).strict(),
  ),
  /** Offset paging over a stable snapshot of the ordering (see repositories/media-pages). */
  'library:listMedia': call<MediaPage>()(
    z
      .object({
        model: nameSchema,
        post: nameSchema,
        kind: kindFilterSchema.optional(),
        sort: mediaSortSchema.optional(),
        filter: z.string().max(200).optional(),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(1000),
        /** Also report where this key sits in the ordering (search → post view). */
        locate: nameSchema.optional(),
      })
      .strict(),
  ),
  'library:getMedia': call<MediaItem | null>()(z.object({ key: nameSchema }).strict()),
  'library:search': call<SearchResult>()(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  ),
  'thumbs:status': call<ThumbProgress>()(noRequest),
  /** Queue thumbnails for a model or post (or the whole library) in the background. */
  'thumbs:prefetch': call<ThumbProgress>()(
    z.object({ model: nameSchema.optional(), post: nameSchema.optional() }).strict().optional(),
  ),
  'thumbs:clearCache': call<ThumbProgress>()(noRequest),
  /** The thumbnail cache's cap in bytes (least-recently-used thumbnails are evicted past it). */
  'thumbs:setCacheLimit': call<ThumbProgress>()(z.object({ bytes: z.number().int().min(16 * 1024 * 1024).max(64 * 1024 ** 3) }).strict()),
  'network:status': call<NetworkStatus>()(noRequest),
  /** Probe the active profile's endpoint now. */
  'network:check': call<NetworkStatus>()(noRequest),
  /** Syncs the active profile; resolves when the run ends (progress comes as `sync:progress`). */
  'sync:start': call<SyncResult>()(z.object({ confirmDeletes: z.boolean().optional() }).strict().optional()),
  'sync:cancel': call<{ cancelled: boolean }>()(noRequest),
  'sync:status': call<SyncStatus>()(noRequest),
  'sync:unclassified': call<UnclassifiedItem[]>()(z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict().optional()),
  'sync:getSchedule': call<SyncSchedule>()(noRequest),
  'sync:setSchedule': call<SyncSchedule>()(
    z.object({ intervalMinutes: z.number().int().min(5).max(24 * 60).nullable(), onStartup: z.boolean() }).strict(),
  ),
  /**
   * Main's own file dialog (files, or one folder); answers grants for what
   * was chosen ([] when cancelled). The renderer never names a path.
   */
  'uploads:pick': call<FileGrant[]>()(z.object({ kind: z.enum(['files', 'folder']) }).strict()),
  /** Grants come from `uploads:pick` or a drop the preload resolved (window.files.grant). */
  'uploads:start': call<EnqueueResult>()(
    z
      .object({
        target: z.object({ model: z.string().min(1).max(255), post: z.string().min(1).max(255) }).strict(),
        grants: z.array(z.uuid()).min(1).max(MAX_UPLOAD_GRANTS),
        conflict: z.enum(['skip', 'overwrite', 'keepBoth']).optional(),
        /** public-read asks for a confirmation main shows itself, unless it is the profile's default. */
        acl: z.enum(['private', 'public-read']).optional(),
        cacheControl: cacheControlSchema.nullable().optional(),
      })
      .strict(),
  ),
  'uploads:list': call<UploadItemView[]>()(noRequest),
  'uploads:interrupted': call<UploadItemView[]>()(noRequest),
  'uploads:resumeInterrupted': call<{ resumed: number }>()(noRequest),
  'uploads:pause': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'uploads:resume': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'uploads:cancel': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'uploads:retry': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'uploads:clearFinished': call<{ removed: number }>()(noRequest),

  // — Keep offline, downloads, export, drag out (issue 16) —
  /** The active profile's pinned posts and models, with how far each is on disk. */
  'offline:pins': call<OfflinePinView[]>()(noRequest),
  /** Keeps a post (or, without `post`, a whole model) offline; STORAGE_LIMIT when it would not fit. */
  'offline:pin': call<OfflinePinView>()(offlineScopeSchema),
  /** Stops keeping it offline and frees what no other pin uses. */
  'offline:unpin': call<{ freedBytes: number }>()(offlineScopeSchema),
  /** What the offline store holds, its limit, and each pin's share (Settings › Offline storage). */
  'offline:usage': call<OfflineUsage>()(noRequest),
  'offline:setLimit': call<OfflineUsage>()(z.object({ bytes: z.number().int().min(MIN_OFFLINE_LIMIT).max(MAX_OFFLINE_LIMIT) }).strict()),
  /** Whether an item is pinned and its original is on disk (the viewer plays it from there). */
  'offline:item': call<OfflineItemStatus>()(z.object({ key: nameSchema }).strict()),
  'downloads:list': call<DownloadItemView[]>()(noRequest),
  'downloads:pause': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'downloads:resume': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'downloads:cancel': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'downloads:retry': call<null>()(z.object({ id: z.number().int().positive().optional() }).strict()),
  'downloads:clearFinished': call<{ removed: number }>()(noRequest),
  /**
   * "Download…": main asks for a folder (its own dialog; the renderer never names one), then saves the
   * originals there as MODEL/POST/FILE. Existing files need a decision (`downloads:exportDecide`) unless `conflict` is given.
   */
  'downloads:export': call<ExportResult>()(
    z
      .object({ keys: objectKeys.optional(), model: nameSchema.optional(), post: nameSchema.optional(), conflict: exportConflictSchema.optional() })
      .strict()
      .refine((r) => (r.keys === undefined) !== (r.model === undefined) && !(r.keys && r.post), 'Either keys, or a model (and a post)'),
  ),
  /** The decision for an export's existing files; the token came with `needs-decision`. */
  'downloads:exportDecide': call<ExportResult>()(z.object({ token: z.string().min(1).max(100), conflict: exportConflictSchema }).strict()),
  /** Dragging tiles out of the window: main fetches the originals (or takes them from the offline store) and starts the OS drag. */
  'downloads:dragOut': call<{ files: number }>()(z.object({ keys: objectKeys }).strict()),
} as const;

export const events = {
  /** Main tells the renderer the index changed (sync, upload): refetch. */
  'library:changed': event<{ profileId: string | null }>(),
  'thumbs:progress': event<ThumbProgress>(),
  'network:changed': event<NetworkStatus>(),
  /** A sync's progress, a few times a second and once at its end. */
  'sync:progress': event<SyncProgress>(),
  /** A batch's items and totals, at most a few times a second. */
  'uploads:progress': event<UploadBatchProgress>(),
  /** A batch has nothing left queued, transferring or paused. */
  'uploads:finished': event<UploadBatchFinished>(),
  /** Download batches' items and totals (issue 16), at most a few times a second. */
  'downloads:progress': event<DownloadProgress>(),
  'downloads:finished': event<DownloadBatchFinished>(),
  /** Pins or the offline store changed (files arrived, a pin was added or dropped): refetch pins and usage. */
  'offline:changed': event<{ profileId: string }>(),
} as const;

export type Calls = typeof calls;
export type Channel = keyof Calls;
export type EventName = keyof typeof events;

export type RequestOf<C extends Channel> = z.input<Calls[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<Calls[C]['request']>;
export type ResponseOf<C extends Channel> = Calls[C] extends CallDef<z.ZodType, infer R> ? R : never;
export type PayloadOf<E extends EventName> = (typeof events)[E] extends EventDef<infer P> ? P : never;

/** Main implements exactly this: a missing or extra handler is a compile error. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C>;
};

type Namespace<C> = C extends `${infer NS}:${string}` ? NS : never;
type ArgsOf<C extends Channel> = undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

/** The shape of window.api: `api.library.listModels(req)` for channel `library:listModels`. */
export type Api = {
  [NS in Namespace<Channel>]: {
    [C in Channel as C extends `${NS}:${infer M}` ? M : never]: (...args: ArgsOf<C>) => Promise<Envelope<ResponseOf<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void;
};

export const channelNames = Object.keys(calls) as Channel[];
export const eventNames = Object.keys(events) as EventName[];
