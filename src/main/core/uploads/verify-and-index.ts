/**
 * The last step of an upload: confirm what the server stored, then put the
 * object into the index so it shows in its post without a sync.
 */
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { parseKey } from '../../../shared/key-layout';
import { AppError } from '../errors';
import type { S3ErrorContext } from '../s3/errors';
import { indexedEtag } from '../s3/etag';
import type { PooledClient } from '../s3/client-pool';
import type { UploadIndexer } from './index-upsert';
import type { UploadRow } from './journal';
import { withRetries } from './part-io';
import type { TransferResult } from './transfer';

export interface VerifiedObject {
  etag: string;
  size: number;
  lastModified: number;
}

/**
 * The ETag S3 gives an object we sent: the MD5 of the body for a single PUT,
 * `md5(concat(part md5s))-N` for a multipart upload (spaces.md). Servers that
 * do not follow the multipart form (s3rver omits `-N`) are checked on size only.
 */
export function expectedEtag(partMd5s: string[], multipart: boolean): string {
  if (!multipart) return partMd5s[0] ?? '';
  const joined = Buffer.concat(partMd5s.map((h) => Buffer.from(h, 'hex')));
  return `${createHash('md5').update(joined).digest('hex')}-${partMd5s.length}`;
}

/** HeadObject after completion: a size or ETag mismatch is an error, never a silent success. */
export async function verifyUpload(
  client: S3Client,
  target: S3ErrorContext,
  key: string,
  size: number,
  partMd5s: string[],
  multipart: boolean,
  signal: AbortSignal,
): Promise<VerifiedObject> {
  const head = await withRetries({ signal, target }, key, () => client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }), { abortSignal: signal }));
  const etag = head.ETag ?? '';
  if (head.ContentLength !== size) {
    throw new AppError('INTEGRITY', `"${key}" arrived with ${head.ContentLength ?? '?'} bytes instead of ${size}; it will be uploaded again.`, {
      retryable: true,
    });
  }
  const bare = etag.replace(/"/g, '').toLowerCase();
  const expected = expectedEtag(partMd5s, multipart);
  const comparable = multipart ? /-\d+$/.test(bare) : /^[0-9a-f]{32}$/.test(bare);
  if (comparable && bare !== expected) {
    throw new AppError('INTEGRITY', `"${key}" on the server does not match the local file (checksum differs); it will be uploaded again.`, {
      retryable: true,
    });
  }
  return { etag, size, lastModified: head.LastModified?.getTime() ?? Date.now() };
}

/**
 * Confirms the object (HeadObject, unless the PUT's answer already vouched
 * for it) and indexes it. An INTEGRITY error means the object on the server
 * is wrong and the caller sends it again.
 */
export async function verifyAndIndex(
  pooled: PooledClient,
  indexer: UploadIndexer,
  row: Pick<UploadRow, 'profileId' | 'key' | 'size' | 'acl'>,
  result: TransferResult,
  signal: AbortSignal,
): Promise<VerifiedObject> {
  const { client, connection } = pooled;
  const verified = result.stored ?? (await verifyUpload(client, connection, row.key, row.size, result.partMd5s, result.multipart, signal));
  // Upload keys are always MODEL/POST/REST below the root prefix (buildUploadKey), so this parses as media.
  const parsed = parseKey(row.key, connection.rootPrefix);
  indexer.upsertUploaded(
    { profileId: row.profileId, key: row.key, model: parsed.model!, post: parsed.post!, relPath: parsed.relPath!, isPublic: row.acl === 'public-read' },
    { ...verified, etag: indexedEtag(verified.etag) },
  );
  return verified;
}
