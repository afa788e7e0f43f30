/**
 * The seam between the offline store and the originals route (the route's
 * headers, origin and allowlist are the security work's): when an item's
 * current version is kept offline, the viewer and the video player read it
 * from disk — online and offline — instead of the bucket.
 */
import mime from 'mime';
import type { OfflineStore } from './store';

export interface OriginalSource {
  path: string;
  size: number;
  contentType: string;
}

/** The local file for `key` of `profileId` if the offline store holds its current version; null otherwise. */
export async function originalSource(store: Pick<OfflineStore, 'localFile'>, profileId: string, key: string): Promise<OriginalSource | null> {
  const local = await store.localFile(profileId, key);
  if (!local) return null;
  return { ...local, contentType: mime.getType(key) ?? 'application/octet-stream' };
}
