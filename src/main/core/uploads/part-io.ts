/**
 * What the small-file PUT and the multipart driver share: reading a byte
 * range of the file into budgeted memory, its MD5, the object's parameters,
 * the ETag check, and each call's retries.
 */
import type { ObjectCannedACL } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { AppError } from '../errors';
import { isAbort, toAppError, type S3ErrorContext } from '../s3/errors';
import { retry } from '../s3/retry';
import type { TransferContext, TransferItem } from './transfer';

export const MD5_HEX = /^"?([0-9a-f]{32})"?$/i;

/** Bytes read and hashed per step: a whole 8 MiB part hashed at once held the thread ~15 ms; a slice ~2 ms. */
const SLICE = 1024 * 1024;

/**
 * Reads [start, end) of the file into `into` and returns the bytes' MD5.
 * The hash is fed slice by slice as the reads complete, so the thread that
 * also answers the app's calls is never held for a whole part.
 */
export async function readHashed(file: FileHandle, start: number, end: number, into: Buffer): Promise<Buffer> {
  const hash = createHash('md5');
  let offset = 0;
  while (offset < into.length) {
    const { bytesRead } = await file.read(into, offset, Math.min(SLICE, into.length - offset), start + offset);
    if (bytesRead === 0) throw new AppError('CONFLICT', 'The file got shorter while it was being uploaded.');
    hash.update(into.subarray(offset, offset + bytesRead));
    offset += bytesRead;
  }
  return hash.digest();
}

export function objectParams(ctx: TransferContext, item: TransferItem) {
  return {
    Bucket: ctx.bucket,
    Key: item.key,
    ContentType: item.contentType,
    ACL: item.acl as ObjectCannedACL,
    ...(item.cacheControl ? { CacheControl: item.cacheControl } : {}),
  };
}

/**
 * An upload's S3 call with the shared retry loop (s3/retry.ts): errors are
 * mapped to AppErrors as they happen, retried while retryable (throttling, a
 * dropped connection, a corrupted body), and a stop turns into CANCELLED.
 */
export function withRetries<T>(ctx: { signal: AbortSignal; target: S3ErrorContext }, what: string, run: () => Promise<T>): Promise<T> {
  const stopped = (cause?: unknown) => new AppError('CANCELLED', `Upload of "${what}" was stopped.`, { cause });
  return retry(
    async () => {
      if (ctx.signal.aborted) throw stopped();
      try {
        return await run();
      } catch (error) {
        if (isAbort(error) || ctx.signal.aborted) throw stopped(error);
        throw toAppError(error, { ...ctx.target, key: what });
      }
    },
    { attempts: 5, baseMs: 1_000, capMs: 30_000, retryable: (error) => error instanceof AppError && error.retryable, signal: ctx.signal },
  );
}

export function retryScope(ctx: TransferContext): { signal: AbortSignal; target: S3ErrorContext } {
  return { signal: ctx.signal, target: { endpoint: ctx.endpoint, bucket: ctx.bucket } };
}

/**
 * Second line of defence after Content-MD5 (which Spaces and AWS verify, but
 * the local test servers ignore): a single PUT's or a part's ETag is the MD5
 * of the bytes the server stored, so a mismatch means corruption on the way.
 * It is retryable: the part is sent again.
 */
export function checkEtag(ctx: TransferContext, key: string, etag: string | undefined, digest: Buffer): void {
  const got = MD5_HEX.exec(etag ?? '')?.[1]?.toLowerCase();
  if (got !== undefined && got !== digest.toString('hex')) {
    throw new AppError('INTEGRITY', `${ctx.host} stored different bytes than we sent for "${key}"; sending them again.`, { retryable: true });
  }
}
