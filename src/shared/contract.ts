/**
 * The one IPC contract. Every renderer→main call is declared here once
 * (channel, zod request schema, response type) and every main→renderer
 * event once. Main's handler table, the preload's window.api and the e2e
 * harness are all derived from these two objects.
 */
import { z } from 'zod';
import type { AppInfo, EnqueueResult, ModelSummary, UploadBatchFinished, UploadBatchProgress, UploadItemView } from './domain';
import type { Envelope } from './errors';

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

export const calls = {
  'app:info': call<AppInfo>()(noRequest),
  'library:listModels': call<ModelSummary[]>()(
    z
      .object({
        sort: modelSortSchema.optional(),
        filter: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  ),
  /** Paths come from the preload's pathForFile (Electron) or the file picker; see useFileDrop. */
  'uploads:start': call<EnqueueResult>()(
    z
      .object({
        target: z.object({ model: z.string().min(1).max(255), post: z.string().min(1).max(255) }).strict(),
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
        conflict: z.enum(['skip', 'overwrite', 'keepBoth']).optional(),
        acl: z.enum(['private', 'public-read']).optional(),
        cacheControl: z.string().max(500).nullable().optional(),
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
} as const;

export const events = {
  /** Main tells the renderer the index changed (sync, upload): refetch. */
  'library:changed': event<{ profileId: string | null }>(),
  /** A batch's items and totals, at most a few times a second. */
  'uploads:progress': event<UploadBatchProgress>(),
  /** A batch has nothing left queued, transferring or paused. */
  'uploads:finished': event<UploadBatchFinished>(),
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
