/**
 * SDK error → AppError for the link service. Deliberately minimal: a shared
 * mapping (src/main/core/s3/errors.ts) is being written on another branch and
 * replaces this at merge time.
 */
import { AppError } from '../errors';

interface SdkErrorShape {
  name?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function s3Error(error: unknown, what: string, host: string): AppError {
  if (error instanceof AppError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const code = e.Code ?? e.name ?? e.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  const cause = { cause: error };
  if (code === 'NoSuchKey' || code === 'NotFound' || status === 404) {
    if (code === 'NoSuchBucket') return new AppError('BUCKET_NOT_FOUND', `The bucket does not exist on ${host}.`, cause);
    return new AppError('NOT_FOUND', `${what}: the file is not in the bucket any more. Sync to refresh the library.`, cause);
  }
  if (code === 'NoSuchBucket') return new AppError('BUCKET_NOT_FOUND', `The bucket does not exist on ${host}.`, cause);
  if (code === 'InvalidAccessKeyId' || code === 'SignatureDoesNotMatch') {
    return new AppError('AUTH_FAILED', `The access key or secret was rejected by ${host} — check them in Settings.`, cause);
  }
  if (code === 'AccessDenied' || status === 403) {
    return new AppError('ACCESS_DENIED', `${what}: ${host} refused (access denied). The key may not have permission for this.`, cause);
  }
  if (code === 'SlowDown' || code === 'Throttling' || status === 503) {
    return new AppError('THROTTLED', `${host} is busy (slow down). Try again in a moment.`, cause);
  }
  if (code === 'NotImplemented' || status === 501) {
    return new AppError('FORBIDDEN', `${what}: ${host} does not support this.`, cause);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError'].includes(code)) {
    return new AppError('NETWORK', `${what}: could not reach ${host}. Check the connection.`, cause);
  }
  return new AppError('INTERNAL', `${what} failed on ${host}. The details are in the log.`, cause);
}
