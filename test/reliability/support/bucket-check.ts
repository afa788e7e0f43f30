/**
 * What the server holds after uploads, read back straight from it: every
 * object's bytes hashed (MD5), the keys that should not be there, and the
 * multipart uploads left open.
 */
import { GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { directClient, serverListing, type ServerAccess } from './index-check';
import type { LocalFile } from './local-files';

export interface BucketVerdict {
  /** Objects whose bytes were read back and hashed. */
  verified: number;
  bytesVerified: number;
  /** Expected keys that are missing or hold other bytes. */
  wrong: string[];
  /** Keys under the prefix that no file accounts for (duplicates, "(2)" copies…). */
  unexpected: string[];
  /** Multipart uploads still open (orphans). */
  openUploads: { key: string; uploadId: string }[];
}

export async function checkBucket(server: ServerAccess, prefix: string, files: LocalFile[], options: { listUploads: boolean }): Promise<BucketVerdict> {
  const client = directClient(server);
  try {
    const listed = await serverListing(server, prefix);
    const expected = new Map(files.map((f) => [`${prefix}${f.rel}`, f]));
    const verdict: BucketVerdict = { verified: 0, bytesVerified: 0, wrong: [], unexpected: [], openUploads: [] };
    for (const key of listed.keys()) if (!expected.has(key)) verdict.unexpected.push(key);
    const limit = pLimit(8);
    await Promise.all(
      [...expected].map(([key, file]) =>
        limit(async () => {
          if (!listed.has(key)) return void verdict.wrong.push(`${key}: missing`);
          const res = await client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
          const hash = createHash('md5');
          let size = 0;
          for await (const chunk of res.Body as AsyncIterable<Buffer>) {
            hash.update(chunk);
            size += chunk.length;
          }
          const md5 = hash.digest('hex');
          if (md5 !== file.md5 || size !== file.size) verdict.wrong.push(`${key}: ${size} bytes, md5 ${md5} (expected ${file.size}, ${file.md5})`);
          else {
            verdict.verified++;
            verdict.bytesVerified += size;
          }
        }),
      ),
    );
    if (options.listUploads) {
      let keyMarker: string | undefined;
      let idMarker: string | undefined;
      do {
        const page = await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket, KeyMarker: keyMarker, UploadIdMarker: idMarker }));
        for (const u of page.Uploads ?? []) verdict.openUploads.push({ key: u.Key!, uploadId: u.UploadId! });
        keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
        idMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
      } while (keyMarker);
    }
    verdict.wrong.sort();
    return verdict;
  } finally {
    client.destroy();
  }
}
