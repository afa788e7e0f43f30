import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { chunkCount, fetchFile } from '../../../src/main/core/downloads/fetch-file';
import { createS3Client } from '../../../src/main/core/s3/client';
import { stores, type StoreUnderTest } from '../../fixtures/store-under-test';
import { storeForSuite } from '../../fixtures/suite-store';
import { tempDir } from '../../fixtures/temp';
import { MiB, putRandom } from './setup';

/**
 * A file's bytes reach the disk by one of two paths: small synchronous writes
 * on the core's thread (the data directory, the CLI's target) or batched
 * writes on the threadpool (an export's folder, perhaps a network share).
 * Both must give the same file, the same verification and every byte counted
 * in the progress, for files of one chunk, several, and a short last chunk.
 */
describe.each(stores('s3rver', 'spaces(s3rver) virtual-hosted'))('download write paths against $kind', ({ kind, skip }) => {
  let store: StoreUnderTest;
  storeForSuite(kind, skip, (started) => (store = started));
  const dir = tempDir('write-paths-');
  afterAll(() => dir.cleanup());

  for (const inlineWrites of [true, false]) {
    for (const size of [0, 100_000, 5 * MiB + 12_345]) {
      it.skipIf(skip)(`${inlineWrites ? 'inline' : 'batched'} writes of ${size} bytes: byte-identical, MD5-verified, every byte counted`, async () => {
        const key = `paths/${inlineWrites ? 'inline' : 'batched'}-${size}.bin`;
        const body = await putRandom(store.admin, store.bucket, key, size);
        const head = await store.admin.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
        const client = createS3Client(store.connection());
        const dest = join(dir.path, key);
        let bytes = 0;
        const chunks: number[] = [];
        try {
          const verified = await fetchFile(
            { client, target: { endpoint: store.endpoint, bucket: store.bucket }, requests: pLimit(4), streamsPerFile: 4, signal: new AbortController().signal, durable: false, inlineWrites },
            { key, etag: head.ETag!, size, lastModified: head.LastModified!.getTime(), temp: `${dest}.part`, dest, chunkSize: MiB, done: new Set() },
            { onChunk: (chunk) => chunks.push(chunk), onBytes: (n) => (bytes += n), onReset: () => undefined },
          );
          expect(verified).toBe('md5');
        } finally {
          client.destroy();
        }
        expect(readFileSync(dest).equals(body)).toBe(true);
        expect(bytes).toBe(size);
        expect(chunks.sort((a, b) => a - b)).toEqual(Array.from({ length: chunkCount(size, MiB) }, (_, i) => i));
      });
    }
  }
});
