import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { NetworkStatus, ThumbProgress, UploadItemView } from '../../../shared/domain';
import type { DownloadItemView } from '../../../shared/downloads';
import type { SyncProgress, SyncStatus } from '../../../shared/sync';
import { profileKey, sessionChannelKey, sessionKey, type ProfileChannel } from './query-keys';

/**
 * What a change makes stale, in one place: the event bridge (changes main
 * announces) and the mutations (changes this window made) both call these.
 * Each names exactly the calls whose answers can differ afterwards.
 */

const isProfileCall = (key: QueryKey, channels: (channel: string) => boolean, profileId?: string) =>
  key[0] === 'profile' && (profileId === undefined || key[1] === profileId) && channels(String(key[2]));

function invalidateProfileCalls(queryClient: QueryClient, channels: (channel: string) => boolean, profileId?: string): Promise<void> {
  return queryClient.invalidateQueries({ predicate: (q) => isProfileCall(q.queryKey, channels, profileId) });
}

const only =
  (...names: ProfileChannel[]) =>
  (channel: string) =>
    (names as string[]).includes(channel);

/**
 * The index of a profile changed (sync, upload, ACL change): its library
 * calls and the overview's totals. Not the profile list: that reads the
 * keychain once per profile, and an uploaded file changes nothing in it.
 * `null` means main cannot say what changed (the profile set itself):
 * everything is refetched.
 */
export async function libraryChanged(queryClient: QueryClient, profileId: string | null): Promise<void> {
  if (profileId === null) return queryClient.invalidateQueries();
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: sessionKey('library:overview') }),
    invalidateProfileCalls(queryClient, (channel) => channel.startsWith('library:'), profileId),
  ]);
}

/** Profiles were added, edited, removed or switched: every answer may belong to another profile now. */
export function profilesChanged(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries();
}

/**
 * A stored profile's connection check remembered whether its CDN answers:
 * the profile list shows it, and that profile's link options offer (or stop
 * offering) CDN links by it.
 */
export async function cdnChecked(queryClient: QueryClient, profileId: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: sessionChannelKey('profiles:list') }),
    invalidateProfileCalls(queryClient, only('links:options'), profileId),
  ]);
}

/** New links were made: Recently shared lists them. */
export function linksMade(queryClient: QueryClient): Promise<void> {
  return invalidateProfileCalls(queryClient, only('links:recent'));
}

/** Objects became public or private: what the server says about them (the index follows via library:changed). */
export function accessChanged(queryClient: QueryClient): Promise<void> {
  return invalidateProfileCalls(queryClient, only('links:getAcl'));
}

/** The upload journal changed (a command, a batch's end): the transfers list and the resume offer. */
export async function uploadsChanged(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: sessionChannelKey('uploads:list') }),
    queryClient.invalidateQueries({ queryKey: sessionChannelKey('uploads:interrupted') }),
  ]);
}

/** Progress of uploads carries their rows: the transfers list shows them without asking main again. */
export function uploadRowsUpdated(queryClient: QueryClient, rows: readonly UploadItemView[]): void {
  queryClient.setQueryData<UploadItemView[]>(sessionKey('uploads:list'), (list) => {
    // Not loaded yet: its first answer will hold these rows (they are journaled before progress is sent).
    if (!list) return list;
    const byId = new Map(list.map((item) => [item.id, item]));
    for (const row of rows) byId.set(row.id, row);
    return [...byId.values()];
  });
}

/** A sync's progress is the status of that profile's sync; its end brings a new last run and unclassified keys. */
export async function syncProgressed(queryClient: QueryClient, progress: SyncProgress): Promise<void> {
  const done = progress.phase === 'done';
  queryClient.setQueryData<SyncStatus>(profileKey(progress.profileId, 'sync:status'), (status) => ({
    running: !done,
    progress: done ? null : progress,
    lastRun: status?.lastRun ?? null,
  }));
  if (done) await syncEnded(queryClient, progress.profileId);
}

export function syncEnded(queryClient: QueryClient, profileId?: string): Promise<void> {
  return invalidateProfileCalls(queryClient, only('sync:status', 'sync:unclassified'), profileId);
}

export function thumbsProgressed(queryClient: QueryClient, progress: ThumbProgress): void {
  queryClient.setQueryData(sessionKey('thumbs:status'), progress);
}

export function networkChanged(queryClient: QueryClient, status: NetworkStatus): void {
  queryClient.setQueryData(sessionKey('network:status'), status);
}

/** Pins or the offline store changed (a pin, an unpin, files arrived or were dropped, the limit): pins, usage, and what the viewer may open from disk. */
export function offlineChanged(queryClient: QueryClient, profileId?: string): Promise<void> {
  return invalidateProfileCalls(queryClient, (channel) => channel.startsWith('offline:'), profileId);
}

/** The download journal changed (a command, a batch's end): the transfers list. */
export function downloadsChanged(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: sessionChannelKey('downloads:list') });
}

/** Download progress carries its rows: the transfers list shows them without asking main again. */
export function downloadRowsUpdated(queryClient: QueryClient, rows: readonly DownloadItemView[]): void {
  queryClient.setQueryData<DownloadItemView[]>(sessionKey('downloads:list'), (list) => {
    if (!list) return list;
    const byId = new Map(list.map((item) => [item.id, item]));
    for (const row of rows) byId.set(row.id, row);
    return [...byId.values()];
  });
}
