import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';
import { ApiError, NO_ANSWER } from './api-error';

/** A call's arguments: the request, optional where the contract allows none. */
export type CallArgs<C extends Channel> = undefined extends RequestOf<C> ? [request?: RequestOf<C>] : [request: RequestOf<C>];

type Invoke = (request?: unknown) => Promise<Envelope<unknown>>;

/**
 * One contract call through window.api, unwrapped: resolves with the data,
 * rejects with an ApiError carrying main's ErrorInfo. Every call the
 * renderer makes goes through here (queries, mutations, the odd command).
 */
export async function call<C extends Channel>(channel: C, ...args: CallArgs<C>): Promise<ResponseOf<C>> {
  const at = channel.indexOf(':');
  const group = (window.api as unknown as Record<string, Record<string, Invoke>>)[channel.slice(0, at)];
  const invoke = group?.[channel.slice(at + 1)];
  if (!invoke) throw new ApiError(NO_ANSWER);
  let envelope: Envelope<unknown>;
  try {
    envelope = await invoke(args[0]);
  } catch {
    throw new ApiError(NO_ANSWER);
  }
  if (!envelope.ok) throw new ApiError(envelope.error);
  return envelope.data as ResponseOf<C>;
}
