/**
 * The offline store as a source of originals (the seam in originals/source.ts):
 * when an item's current version is kept offline, the originals route — its
 * origin, headers, allowlist and ranges are the security work's — reads it
 * from disk, online and offline, instead of the bucket.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { OriginalSource, OriginalSourceFor } from '../originals/source';
import type { OfflineStore } from './store';

/** The pinned local copy when the store holds the item's current version; otherwise `fallback` (the bucket). */
export function pinnedOriginals(store: Pick<OfflineStore, 'localFile'>, fallback: OriginalSourceFor): OriginalSourceFor {
  return async (profile, item) => {
    const local = await store.localFile(profile.id, item.key);
    return local ? fileSource(local.path, local.size) : fallback(profile, item);
  };
}

function fileSource(path: string, size: number): OriginalSource {
  return {
    async head(bytes) {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(bytes, size));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return { head: buffer.subarray(0, bytesRead), total: size };
      } finally {
        await handle.close();
      }
    },
    async read(start, end) {
      return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
    },
  };
}
