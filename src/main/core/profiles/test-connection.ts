import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CAPABILITIES } from '../../../shared/connection-check';
import type { ConnectionTestResult } from '../../../shared/profile';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { createS3Client, type ClientOptions } from '../s3/client';
import { connectionHost, type S3Connection } from '../s3/connection';
import { toAppError } from '../s3/errors';
import { checkCapabilities, listCheck, type CapabilityOptions } from './capabilities';

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
 * When the listing works, every other capability is checked (capabilities.ts).
 */
export async function testConnection(
  connection: S3Connection,
  log: Logger,
  options: CapabilityOptions = { tryWrite: false, cdn: { base: null, reason: 'Not checked.' } },
): Promise<ConnectionTestResult> {
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
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: connection.bucket, MaxKeys: 1, Prefix: connection.rootPrefix || undefined }));
    } catch (error) {
      const mapped = toAppError(error, context);
      log.warn(`connection test to ${connection.bucket} on ${host}: ${mapped.code}`, error);
      // A key that may not list (or whose secret is wrong) can still be told apart: say which.
      const capabilities = mapped.code === 'ACCESS_DENIED' || mapped.code === 'NOT_SUPPORTED' ? [listCheck({ ok: false, error, connection })] : undefined;
      return { ok: false, host, bucket: connection.bucket, error: mapped.toInfo(), ...(capabilities ? { capabilities } : {}) };
    }
    if (headError) log.info(`connection test: HeadBucket on ${host} failed but listing worked`, headError);
    const first = page.Contents?.[0];
    const sample = first?.Key ? { key: first.Key, size: first.Size ?? 0, etag: first.ETag } : null;
    const { checks, cdnStatus } = await checkCapabilities(client, connection, sample, options);
    const capabilities = [listCheck({ ok: true, keys: page.KeyCount ?? page.Contents?.length ?? 0, prefix: connection.rootPrefix }), ...checks].sort(
      (a, b) => CAPABILITIES.indexOf(a.capability) - CAPABILITIES.indexOf(b.capability),
    );
    return {
      ok: true,
      host,
      bucket: connection.bucket,
      objectsVisible: page.KeyCount ?? page.Contents?.length ?? 0,
      moreObjects: page.IsTruncated === true,
      elapsedMs: Date.now() - started,
      capabilities,
      cdnStatus,
    };
  } catch (error) {
    const mapped = toAppError(error, context);
    log.warn(`connection test to ${connection.bucket} on ${host}: ${mapped.code}`, error instanceof AppError ? error.cause : error);
    return { ok: false, host, bucket: connection.bucket, error: mapped.toInfo() };
  } finally {
    client.destroy();
  }
}
