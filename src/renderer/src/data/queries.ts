import { queryOptions, useQuery } from '@tanstack/react-query';
import type { LibraryOverview } from '../../../shared/domain';
import type { ApiError } from './api-error';
import { call, type CallArgs } from './call';
import { profileKey, sessionKey, type ProfileChannel, type SessionChannel } from './query-keys';

declare module '@tanstack/react-query' {
  interface Register {
    /** Every query and mutation fails with main's ErrorInfo, wrapped (see call.ts). */
    defaultError: ApiError;
  }
}

/** Query options for a call that does not depend on the active profile. */
export function sessionQuery<C extends SessionChannel>(channel: C, ...args: CallArgs<C>) {
  return queryOptions({
    queryKey: sessionKey(channel, args[0]),
    queryFn: () => call(channel, ...args),
  });
}

/**
 * Query options for a call about the active profile's data. The id is part
 * of the key (main answers for whichever profile is active); without one
 * the query waits.
 */
export function profileQuery<C extends ProfileChannel>(profileId: string | null, channel: C, ...args: CallArgs<C>) {
  return queryOptions({
    queryKey: profileKey(profileId ?? '', channel, args[0]),
    queryFn: () => call(channel, ...args),
    enabled: profileId !== null,
  });
}

const selectProfile = (overview: LibraryOverview) => overview.profile;

/** The active profile (id, name, bucket, host) as the overview tells it; null while unknown or when none is active. */
export function useActiveProfile(): LibraryOverview['profile'] {
  return useQuery({ ...sessionQuery('library:overview'), select: selectProfile }).data ?? null;
}

export function useActiveProfileId(): string | null {
  return useActiveProfile()?.id ?? null;
}
