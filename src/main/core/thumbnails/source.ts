/**
 * Where a thumbnail's pixels (and the facts read on the way) come from: the
 * original in the bucket through the profile's interactive client (so
 * "offline" shows fast and is reported to the network monitor), or the local
 * file just uploaded. Images are downloaded (up to a cap) and decoded by
 * sharp; videos are never downloaded: ffprobe and ffmpeg read them over a
 * short-lived presigned URL with range requests (media/video.ts).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { and, eq } from 'drizzle-orm';
import pLimit from 'p-limit';
import type { MediaFacts, MediaKind } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';
import { objects } from '../db/schema';
import { AppError } from '../errors';
import { presignGet } from '../links/presign';
import type { Logger } from '../logger';
import { posterFrame, probeVideo } from '../media/video';
import { isUnreachable, type NetworkMonitor } from '../network/monitor';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import { renderFrame, renderImage, renderPreview } from './render';
import type { ThumbTarget } from './store';

/** Originals larger than this are not downloaded just for a thumbnail. */
const MAX_SOURCE_BYTES = 80 * 1024 * 1024;
/** …nor for the viewer's converted preview. */
const MAX_PREVIEW_SOURCE_BYTES = 200 * 1024 * 1024;
/** How long ffmpeg may read a video through its presigned URL. */
const VIDEO_URL_SECONDS = 15 * 60;

/** A thumbnail (null: none could be made) and what was read from the file (null: nothing). */
export interface Made {
  webp: Buffer | null;
  facts: MediaFacts | null;
  kind: MediaKind;
}

export class ThumbnailSource {
  /** ffmpeg is a process per frame: at most two videos at a time, whatever the thumbnail queue's width. */
  private readonly videos = pLimit(2);

  constructor(
    private readonly database: IndexDatabase,
    private readonly client: (profile: ProfileRow) => Promise<PooledClient>,
    private readonly network: NetworkMonitor,
    private readonly log: Logger,
  ) {}

  /** The thumbnail (a video's poster frame) and facts of an object in the bucket. */
  async fromBucket(target: ThumbTarget): Promise<Made> {
    const row = this.row(target);
    if (row?.kind === 'video') {
      const { client, connection } = await this.connect(target);
      // The same checked signer as share links; ffmpeg reads this URL with range requests.
      const url = await presignGet(client, connection.bucket, target.key, { expiresIn: VIDEO_URL_SECONDS, download: false, signingDate: new Date() });
      return this.videos(() => this.video(url, target.key));
    }
    const body = await this.download(target, MAX_SOURCE_BYTES, 'This image is too large to thumbnail.');
    const { webp, facts } = await renderImage(body, { banner: row?.role === 'banner' });
    return { webp, facts, kind: 'image' };
  }

  /** From a local file (right after its upload: no download). */
  async fromFile(path: string, kind: MediaKind): Promise<Made> {
    if (kind === 'video') return this.videos(() => this.video(path, path));
    const { webp, facts } = await renderImage(path);
    return { webp, facts, kind };
  }

  /** The viewer's converted preview of an image Chromium cannot show (HEIC, TIFF…). */
  async preview(target: ThumbTarget): Promise<Buffer> {
    return renderPreview(await this.download(target, MAX_PREVIEW_SOURCE_BYTES, 'This image is too large to convert for the viewer.'));
  }

  private row(target: ThumbTarget) {
    return this.database.db
      .select({ role: objects.role, kind: objects.kind })
      .from(objects)
      .where(and(eq(objects.profileId, target.profileId), eq(objects.key, target.key)))
      .get();
  }

  private async connect(target: ThumbTarget): Promise<PooledClient> {
    if (this.network.status().online === false) {
      throw new AppError('NETWORK', 'Offline: this thumbnail was not cached before the connection was lost.');
    }
    const profile = getProfile(this.database.db, target.profileId);
    if (!profile) throw new AppError('NOT_FOUND', 'The profile of this item was removed.');
    return this.client(profile);
  }

  private async download(target: ThumbTarget, maxBytes: number, tooLarge: string): Promise<Buffer> {
    const { client, connection } = await this.connect(target);
    try {
      const res = await client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: target.key }));
      if ((res.ContentLength ?? 0) > maxBytes) {
        res.Body?.transformToWebStream().cancel().catch(() => undefined);
        throw new AppError('INVALID_INPUT', tooLarge);
      }
      const body = Buffer.from(await res.Body!.transformToByteArray());
      this.network.reportReachable();
      return body;
    } catch (error) {
      if (isUnreachable(error)) {
        this.network.reportUnreachable();
        throw new AppError('NETWORK', 'Offline: the thumbnail could not be downloaded.', { cause: error });
      }
      if (error instanceof AppError) throw error;
      this.log.warn(`thumbnail source for ${target.key} failed`, error);
      throw new AppError('NOT_FOUND', 'The original of this thumbnail could not be read.', { cause: error });
    }
  }

  /** Facts (ffprobe) and a poster frame (ffmpeg) of a video at a path or URL; facts are kept even when no frame can be had. */
  private async video(input: string, label: string): Promise<Made> {
    const facts = await probeVideo(input);
    try {
      return { webp: await renderFrame(await posterFrame(input, facts.durationMs)), facts, kind: 'video' };
    } catch (error) {
      this.log.warn(`no poster frame for ${label}`, error);
      return { webp: null, facts, kind: 'video' };
    }
  }
}
