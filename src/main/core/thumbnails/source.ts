/**
 * Where a thumbnail's pixels come from: the original in the bucket (through
 * the profile's interactive client, so "offline" shows fast and is reported
 * to the network monitor), or the local file just uploaded.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { and, eq } from 'drizzle-orm';
import type { IndexDatabase } from '../db/database';
import { objects } from '../db/schema';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { isUnreachable, type NetworkMonitor } from '../network/monitor';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { renderThumbnail } from './render';
import type { ThumbTarget } from './store';

/** Originals larger than this are not downloaded just for a thumbnail. */
const MAX_SOURCE_BYTES = 80 * 1024 * 1024;

export class ThumbnailSource {
  constructor(
    private readonly database: IndexDatabase,
    private readonly client: (profile: ProfileRow) => Promise<PooledClient>,
    private readonly network: NetworkMonitor,
    private readonly log: Logger,
  ) {}

  /** Downloads the original and renders its thumbnail (banners keep more width). */
  async fromBucket(target: ThumbTarget): Promise<Buffer> {
    if (this.network.status().online === false) {
      throw new AppError('NETWORK', 'Offline: this thumbnail was not cached before the connection was lost.');
    }
    const profile = getProfile(this.database.db, target.profileId);
    if (!profile) throw new AppError('NOT_FOUND', 'The profile of this item was removed.');
    const role = this.database.db
      .select({ role: objects.role })
      .from(objects)
      .where(and(eq(objects.profileId, target.profileId), eq(objects.key, target.key)))
      .get()?.role;
    const { client, connection } = await this.client(profile);
    let body: Buffer;
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: target.key }));
      if ((res.ContentLength ?? 0) > MAX_SOURCE_BYTES) {
        res.Body?.transformToWebStream().cancel().catch(() => undefined);
        throw new AppError('INVALID_INPUT', 'This image is too large to thumbnail.');
      }
      body = Buffer.from(await res.Body!.transformToByteArray());
      this.network.reportReachable();
    } catch (error) {
      if (isUnreachable(error)) {
        this.network.reportUnreachable();
        throw new AppError('NETWORK', 'Offline: the thumbnail could not be downloaded.', { cause: error });
      }
      if (error instanceof AppError) throw error;
      this.log.warn(`thumbnail source for ${target.key} failed`, error);
      throw new AppError('NOT_FOUND', 'The original of this thumbnail could not be read.', { cause: error });
    }
    return renderThumbnail(body, { banner: role === 'banner' });
  }

  /** Renders from a local file (right after its upload: no download). */
  fromFile(path: string): Promise<Buffer> {
    return renderThumbnail(path);
  }
}
