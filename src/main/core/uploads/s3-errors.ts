/**
 * SDK error → AppError for uploads. Minimal on purpose: the shared mapping
 * (src/main/core/s3/errors.ts) is being written in parallel; at merge this
 * should defer to it.
 */
import { AppError } from '../errors';

interface SdkLike {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout']);

export function isAbort(error: unknown): boolean {
  const e = error as SdkLike | null;
  return !!e && (e.name === 'AbortError' || (error instanceof AppError && error.code === 'CANCELLED'));
}

export function sdkErrorName(error: unknown): string {
  const e = (error ?? {}) as SdkLike;
  return e.name ?? e.Code ?? e.code ?? '';
}

export function toUploadError(error: unknown, host: string, key?: string): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as SdkLike;
  const name = sdkErrorName(error);
  const status = e.$metadata?.httpStatusCode;
  const what = key ? `"${key}"` : 'the upload';
  if (isAbort(error)) return new AppError('CANCELLED', `Upload of ${what} was stopped.`, { cause: error });
  if (name === 'SlowDown' || status === 503) {
    return new AppError('THROTTLED', `${host} is asking us to slow down (503 SlowDown); ${what} will be retried.`, { cause: error });
  }
  if (name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch') {
    return new AppError('AUTH_FAILED', `The access key or secret was rejected by ${host} — check them in Settings.`, { cause: error });
  }
  if (name === 'AccessDenied' || status === 403) return new AppError('ACCESS_DENIED', `${host} refused to store ${what} (access denied).`, { cause: error });
  if (name === 'NoSuchBucket') return new AppError('BUCKET_NOT_FOUND', `The bucket does not exist on ${host}.`, { cause: error });
  if (name === 'BadDigest' || name === 'InvalidDigest' || name === 'XAmzContentSHA256Mismatch') {
    return new AppError('INTEGRITY', `${host} received different bytes than we sent for ${what}; it will be retried.`, { cause: error, retryable: true });
  }
  if (NETWORK_CODES.has(name) || NETWORK_CODES.has(e.code ?? '') || (status !== undefined && status >= 500)) {
    return new AppError('NETWORK', `The connection to ${host} failed while sending ${what}.`, { cause: error });
  }
  return new AppError('INTERNAL', `Uploading ${what} to ${host} failed (${name || 'unknown error'}).`, { cause: error });
}
