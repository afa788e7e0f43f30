/**
 * Where an original's bytes come from, as the originals route sees it: a
 * small seam so the route does not care. The default reads the bucket
 * through the profile's interactive client, in ranges; a pinned local copy
 * (the offline store) plugs in as another OriginalSource.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { AppError } from '../errors';
import { isUnreachable, type NetworkMonitor } from '../network/monitor';
import type { ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';

export interface OriginalItem {
  key: string;
  etag: string;
  size: number;
}

export interface OriginalSource {
  /** The first `bytes` bytes (fewer for a smaller object) and the object's total size. */
  head(bytes: number): Promise<{ head: Uint8Array; total: number }>;
  /** Bytes `start`..`end` inclusive, streamed. */
  read(start: number, end: number): Promise<ReadableStream<Uint8Array>>;
}

/** Picks the source for one item (the seam: bucket, or a pinned local file). */
export type OriginalSourceFor = (profile: ProfileRow, item: OriginalItem) => Promise<OriginalSource>;

/** The bucket: ranged GETs through the profile's interactive client; offline says NETWORK at once. */
export function bucketOriginals(client: (profile: ProfileRow) => Promise<PooledClient>, network: NetworkMonitor): OriginalSourceFor {
  return async (profile, item) => {
    const get = async (range: string) => {
      if (network.status().online === false) throw new AppError('NETWORK', 'The original is not available offline.');
      const { client: s3, connection } = await client(profile);
      try {
        const res = await s3.send(new GetObjectCommand({ Bucket: connection.bucket, Key: item.key, Range: range }));
        network.reportReachable();
        return res;
      } catch (error) {
        if (isUnreachable(error)) {
          network.reportUnreachable();
          throw new AppError('NETWORK', 'The original is not available right now.', { cause: error });
        }
        throw error;
      }
    };
    return {
      async head(bytes) {
        try {
          const res = await get(`bytes=0-${bytes - 1}`);
          const head = await res.Body!.transformToByteArray();
          // "bytes 0-4099/123456"; a server that ignored the range answered the whole object.
          const total = Number(/\/(\d+)$/.exec(res.ContentRange ?? '')?.[1] ?? res.ContentLength ?? head.length);
          return { head, total };
        } catch (error) {
          // An empty object has no byte 0.
          if ((error as { name?: string }).name === 'InvalidRange') return { head: new Uint8Array(), total: 0 };
          throw error;
        }
      },
      async read(start, end) {
        const res = await get(`bytes=${start}-${end}`);
        return res.Body!.transformToWebStream() as ReadableStream<Uint8Array>;
      },
    };
  };
}
