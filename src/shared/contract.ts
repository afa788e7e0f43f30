/**
 * The one IPC contract. Every renderer→main call is declared here once
 * (channel, zod request schema, response type) and every main→renderer
 * event once. Main's handler table, the preload's window.api and the e2e
 * harness are all derived from these two objects.
 */
import { z } from 'zod';
import type { AppInfo, MediaItem, ModelSummary } from './domain';
import type { Envelope } from './errors';
import type { SyncProgress, SyncResult, SyncSchedule, SyncStatus, UnclassifiedItem } from './sync';

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
  /** Syncs the active profile; resolves when the run ends (progress comes as `sync:progress`). */
  'sync:start': call<SyncResult>()(z.object({ confirmDeletes: z.boolean().optional() }).strict().optional()),
  'sync:cancel': call<{ cancelled: boolean }>()(noRequest),
  'sync:status': call<SyncStatus>()(noRequest),
  'sync:unclassified': call<UnclassifiedItem[]>()(z.object({ limit: z.number().int().min(1).max(5000).optional() }).strict().optional()),
  'sync:getSchedule': call<SyncSchedule>()(noRequest),
  'sync:setSchedule': call<SyncSchedule>()(
    z.object({ intervalMinutes: z.number().int().min(5).max(24 * 60).nullable(), onStartup: z.boolean() }).strict(),
  ),
  'library:searchMedia': call<MediaItem[]>()(
    z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  ),
} as const;

export const events = {
  /** Main tells the renderer the index changed (sync, upload): refetch. */
  'library:changed': event<{ profileId: string | null }>(),
  /** A sync's progress, a few times a second and once at its end. */
  'sync:progress': event<SyncProgress>(),
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
