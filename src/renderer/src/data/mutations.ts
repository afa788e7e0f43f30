import { useMutation, useQueryClient, type QueryClient, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query';
import type { Channel, RequestOf, ResponseOf } from '../../../shared/contract';
import type { ApiError } from './api-error';
import { call, type CallArgs } from './call';
import {
  accessChanged,
  cdnChecked,
  downloadsChanged,
  linksMade,
  networkChanged,
  offlineChanged,
  profilesChanged,
  syncEnded,
  thumbsProgressed,
  uploadsChanged,
} from './invalidate';
import { sessionKey } from './query-keys';

type Effect<C extends Channel> = (queryClient: QueryClient, data: ResponseOf<C>, request: RequestOf<C>) => Promise<unknown> | void;

/**
 * What each command changes in the cache once main has done it. Calls not
 * listed change nothing cached (checking a draft profile, resolving a pasted link).
 */
const effects: { [C in Channel]?: Effect<C> } = {
  'profiles:save': (qc) => profilesChanged(qc),
  'profiles:remove': (qc) => profilesChanged(qc),
  'profiles:setActive': (qc) => profilesChanged(qc),
  // Checking a stored profile keeps its CDN finding (a draft's is only shown).
  'profiles:test': (qc, result, request) => ('id' in request && result.ok ? cdnChecked(qc, request.id) : undefined),
  'links:copy': (qc) => linksMade(qc),
  'links:create': (qc) => linksMade(qc),
  'links:copyRecent': (qc) => linksMade(qc),
  'links:setAcl': (qc) => accessChanged(qc),
  'sync:start': (qc) => syncEnded(qc),
  'sync:setSchedule': (qc, schedule) => void qc.setQueryData(sessionKey('sync:getSchedule'), schedule),
  'network:check': (qc, status) => networkChanged(qc, status),
  'thumbs:prefetch': (qc, progress) => thumbsProgressed(qc, progress),
  'thumbs:clearCache': (qc, progress) => thumbsProgressed(qc, progress),
  'thumbs:setCacheLimit': (qc, progress) => thumbsProgressed(qc, progress),
  'uploads:start': (qc) => uploadsChanged(qc),
  'uploads:resumeInterrupted': (qc) => uploadsChanged(qc),
  'uploads:pause': (qc) => uploadsChanged(qc),
  'uploads:resume': (qc) => uploadsChanged(qc),
  'uploads:cancel': (qc) => uploadsChanged(qc),
  'uploads:retry': (qc) => uploadsChanged(qc),
  'uploads:clearFinished': (qc) => uploadsChanged(qc),
  'offline:pin': (qc) => Promise.all([offlineChanged(qc), downloadsChanged(qc)]),
  'offline:unpin': (qc) => Promise.all([offlineChanged(qc), downloadsChanged(qc)]),
  'offline:setLimit': (qc) => offlineChanged(qc),
  'downloads:pause': (qc) => downloadsChanged(qc),
  'downloads:resume': (qc) => downloadsChanged(qc),
  'downloads:cancel': (qc) => downloadsChanged(qc),
  'downloads:retry': (qc) => downloadsChanged(qc),
  'downloads:clearFinished': (qc) => downloadsChanged(qc),
  'downloads:export': (qc) => downloadsChanged(qc),
  'downloads:exportDecide': (qc) => downloadsChanged(qc),
  'downloads:dragOut': (qc) => downloadsChanged(qc),
};

/** Runs a command's cache effect (for callers outside React, and the hook below). */
export function applyEffect<C extends Channel>(queryClient: QueryClient, channel: C, data: ResponseOf<C>, request: RequestOf<C>): Promise<unknown> | void {
  return (effects[channel] as Effect<C> | undefined)?.(queryClient, data, request);
}

export type ApiMutation<C extends Channel> = UseMutationResult<ResponseOf<C>, ApiError, RequestOf<C>>;

/**
 * A contract call that changes something: TanStack's mutation state
 * (isPending, error as ApiError) plus the cache effect above, applied
 * before the caller's own onSuccess runs.
 */
export function useApiMutation<C extends Channel>(
  channel: C,
  options: Omit<UseMutationOptions<ResponseOf<C>, ApiError, RequestOf<C>>, 'mutationFn'> = {},
): ApiMutation<C> {
  const queryClient = useQueryClient();
  return useMutation<ResponseOf<C>, ApiError, RequestOf<C>>({
    ...options,
    mutationFn: (request) => call(channel, ...([request] as CallArgs<C>)),
    onSuccess: async (data, request, onMutateResult, context) => {
      await applyEffect(queryClient, channel, data, request);
      await options.onSuccess?.(data, request, onMutateResult, context);
    },
  });
}
