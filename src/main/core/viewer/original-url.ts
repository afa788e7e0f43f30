/**
 * A short-lived presigned GET for the viewer's video playback (the <video>
 * element streams with range requests straight from the bucket). Private to
 * the viewer: share links with chosen expiries are the links feature's job.
 */
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { presignGet } from '../links/presign';
import type { NetworkMonitor } from '../network/monitor';
import { getMedia } from '../repositories/library';
import type { ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';

const VIEWER_URL_SECONDS = 15 * 60;

export async function viewerOriginalUrl(
  db: Db,
  clientFor: (profile: ProfileRow) => Promise<PooledClient>,
  network: NetworkMonitor,
  profile: ProfileRow,
  key: string,
): Promise<{ url: string; expiresAt: number }> {
  if (!getMedia(db, profile.id, key)) throw new AppError('NOT_FOUND', 'This item is no longer in the library. Sync to refresh it.');
  if (network.status().online === false) {
    throw new AppError('NETWORK', 'The original is not available offline. The preview is shown instead.');
  }
  const { client, connection } = await clientFor(profile);
  const signedAt = new Date();
  // The same checked signer as share links: a URL with a checksum parameter would not play.
  const url = await presignGet(client, connection.bucket, key, { expiresIn: VIEWER_URL_SECONDS, download: false, signingDate: signedAt });
  return { url, expiresAt: signedAt.getTime() + VIEWER_URL_SECONDS * 1000 };
}
