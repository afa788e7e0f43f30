/**
 * Minimal SDK-error → AppError mapping for the sync. Interim: the shared
 * mapping (src/main/core/s3/errors.ts, toAppError) is being written in
 * parallel; the lead unifies the two at merge time.
 */
import { AppError } from '../errors';
import { connectionHost, type S3Connection } from '../s3/connection';

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function isAbort(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  return !!e && (e.name === 'AbortError' || (error instanceof AppError && error.code === 'CANCELLED'));
}

export function isThrottle(error: unknown): boolean {
  const e = error as SdkLikeError | null;
  return !!e && (e.name === 'SlowDown' || e.name === 'ThrottlingException' || e.$metadata?.httpStatusCode === 503);
}

export function syncError(error: unknown, connection: Pick<S3Connection, 'endpoint' | 'bucket'>): AppError {
  if (error instanceof AppError) return error;
  const e = (error ?? {}) as SdkLikeError;
  const host = connectionHost(connection);
  const status = e.$metadata?.httpStatusCode;
  const cause = { cause: error };
  if (isAbort(error)) return new AppError('CANCELLED', 'The sync was cancelled; nothing was removed from the index.', cause);
  switch (e.name) {
    case 'NoSuchBucket':
      return new AppError('BUCKET_NOT_FOUND', `The bucket "${connection.bucket}" does not exist on ${host} — check the profile.`, cause);
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return new AppError('AUTH_FAILED', `The access key or secret was rejected by ${host} — check them in Settings.`, cause);
    case 'AccessDenied':
      return new AppError('ACCESS_DENIED', `${host} refused to list "${connection.bucket}" — the key needs list permission on it.`, cause);
  }
  if (isThrottle(error)) return new AppError('THROTTLED', `${host} is rate-limiting requests (503 SlowDown); try the sync again in a minute.`, cause);
  if (status === 401 || status === 403) return new AppError('ACCESS_DENIED', `${host} refused to list "${connection.bucket}" (HTTP ${status}).`, cause);
  const code = e.code ?? '';
  if (/CERT|SSL|TLS/i.test(code)) return new AppError('TLS', `The TLS certificate of ${host} could not be verified.`, cause);
  if (['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH'].includes(code) || e.name === 'TimeoutError') {
    return new AppError('NETWORK', `Could not reach ${host} — check the network and the endpoint.`, cause);
  }
  return new AppError('INTERNAL', `Listing "${connection.bucket}" on ${host} failed${status ? ` (HTTP ${status})` : ''}. The details are in the log.`, cause);
}
