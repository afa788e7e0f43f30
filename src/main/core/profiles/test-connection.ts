import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ConnectionTestResult } from '../../../shared/profile';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { createS3Client, type ClientOptions } from '../s3/client';
import { connectionHost, type S3Connection } from '../s3/connection';
import { toAppError } from '../s3/errors';

/**
 * A person is waiting on "Test connection": two attempts and short timeouts,
 * so a closed port or a dead host answers in seconds, not after the long
 * retry budget transfers get.
 */
export const PROBE_CLIENT_OPTIONS: ClientOptions = { maxAttempts: 2, connectionTimeoutMs: 4_000, socketTimeoutMs: 5_000, maxSockets: 2 };

/**
 * HeadBucket, then a one-key listing below the root prefix. A HEAD answer has
 * no body, so a 403 there cannot tell a wrong secret from a missing
 * permission; the listing's error code can, so its error is the one reported.
 */
export async function testConnection(connection: S3Connection, log: Logger): Promise<ConnectionTestResult> {
  const started = Date.now();
  const host = connectionHost(connection);
  const context = { endpoint: connection.endpoint, bucket: connection.bucket, accessKeyId: connection.accessKeyId };
  const client = createS3Client(connection, PROBE_CLIENT_OPTIONS);
  try {
    let headError: unknown;
    try {
      await client.send(new HeadBucketCommand({ Bucket: connection.bucket }));
    } catch (error) {
      const mapped = toAppError(error, context);
      // Network, TLS and a plain 404 are already precise; anything else, ask the listing.
      if (mapped.code === 'NETWORK' || mapped.code === 'TLS' || mapped.code === 'BUCKET_NOT_FOUND') throw mapped;
      headError = error;
    }
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: connection.bucket, MaxKeys: 1, Prefix: connection.rootPrefix || undefined }),
    );
    if (headError) log.info(`connection test: HeadBucket on ${host} failed but listing worked`, headError);
    return {
      ok: true,
      host,
      bucket: connection.bucket,
      objectsVisible: page.KeyCount ?? page.Contents?.length ?? 0,
      moreObjects: page.IsTruncated === true,
      elapsedMs: Date.now() - started,
    };
  } catch (error) {
    const mapped = toAppError(error, context);
    log.warn(`connection test to ${connection.bucket} on ${host}: ${mapped.code}`, error instanceof AppError ? error.cause : error);
    return { ok: false, host, bucket: connection.bucket, error: mapped.toInfo() };
  } finally {
    client.destroy();
  }
}
