/**
 * A short-lived presigned GET for the viewer's video playback (the <video>
 * element streams with range requests straight from the bucket). Private to
 * the viewer: share links with chosen expiries are the links feature's job.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Db } from '../db/database';
import { AppError } from '../errors';
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
  const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: connection.bucket, Key: key }), { expiresIn: VIEWER_URL_SECONDS });
  return { url, expiresAt: Date.now() + VIEWER_URL_SECONDS * 1000 };
}
