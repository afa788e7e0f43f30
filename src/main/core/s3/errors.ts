/**
 * SDK error → AppError, for every S3 call the app makes (test connection,
 * sync, uploads, links). The message names the host, bucket or key a person
 * can check and says what to do; the raw error rides along as `cause` for
 * the log and is never shown. No message here is built from the SDK's text,
 * so nothing a server echoes back (or a secret) can reach the screen.
 */
import { AppError, storageError } from '../errors';
import { detailsHint } from '../log-location';
import { connectionHost, type S3Connection } from './connection';
import { sentRequestOf, suspectHeaders } from './sent-request';

export interface S3ErrorContext extends Pick<S3Connection, 'endpoint' | 'bucket'> {
  accessKeyId?: string;
  /** The object the call was about, when there was one. */
  key?: string;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
]);

const THROTTLE_NAMES = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ServiceUnavailable']);

interface Facts {
  name: string;
  status: number | undefined;
  /** Node/undici system error codes, from the error or its causes. */
  codes: string[];
}

function facts(error: unknown): Facts {
  const e = (error ?? {}) as { name?: unknown; code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: unknown }; cause?: unknown };
  const codes: string[] = [];
  // Node's errors (and AggregateError from happy-eyeballs) carry `code`; SDK errors wrap them as causes.
  const seen = new Set<unknown>();
  const collect = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || seen.has(value) || depth > 4) return;
    seen.add(value);
    const v = value as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof v.code === 'string') codes.push(v.code);
    collect(v.cause, depth + 1);
    if (Array.isArray(v.errors)) for (const inner of v.errors) collect(inner, depth + 1);
  };
  collect(error, 0);
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const name = typeof e.Code === 'string' ? e.Code : typeof e.name === 'string' ? e.name : '';
  return { name, status, codes };
}

/** Maps anything an S3 call threw to an AppError with a stable code and a message a person can act on. */
export function toAppError(error: unknown, context: S3ErrorContext): AppError {
  if (error instanceof AppError) return error;
  // A write to the local index that failed mid-call (disk full, read-only) is not the server's doing.
  const local = storageError(error);
  if (local) return local;
  const { name, status, codes } = facts(error);
  const host = connectionHost(context);
  const bucket = context.bucket;
  const what = context.key ? `"${context.key}"` : `the bucket "${bucket}"`;
  const opts = { cause: error };

  if (name === 'AbortError' || codes.includes('ABORT_ERR')) return new AppError('CANCELLED', 'The operation was cancelled.', opts);

  const tls = codes.find((c) => TLS_CODES.has(c));
  if (tls) {
    const detail =
      tls === 'ERR_TLS_CERT_ALTNAME_INVALID'
        ? 'its certificate is for a different name'
        : tls === 'CERT_HAS_EXPIRED'
          ? 'its certificate has expired'
          : tls === 'EPROTO' || tls === 'ERR_SSL_WRONG_VERSION_NUMBER'
            ? 'it does not speak HTTPS on that port (try http:// if it is a local server)'
            : 'its certificate is not trusted by this computer';
    return new AppError('TLS', `A secure connection to ${host} failed: ${detail}. Check the endpoint URL.`, opts);
  }

  const net = codes.find((c) => NETWORK_CODES.has(c));
  if (net || name === 'TimeoutError' || name === 'RequestTimeout') {
    const why =
      net === 'ENOTFOUND' || net === 'EAI_AGAIN'
        ? `the name ${hostnameOf(host)} could not be found (DNS)`
        : net === 'ECONNREFUSED'
          ? 'the connection was refused (nothing is listening there)'
          : net === 'ECONNRESET' || net === 'EPIPE' || net === 'ECONNABORTED'
            ? 'the connection was dropped'
            : net === 'EHOSTUNREACH' || net === 'ENETUNREACH' || net === 'ENETDOWN'
              ? 'the network cannot reach it'
              : 'it did not answer in time';
    return new AppError('NETWORK', `Could not reach ${host}: ${why}. Check the endpoint and your internet connection.`, opts);
  }

  switch (name) {
    case 'SignatureDoesNotMatch':
      return new AppError('AUTH_FAILED', `The secret key was rejected by ${host}. Check it in Settings › Profiles.`, opts);
    case 'InvalidAccessKeyId':
      return new AppError(
        'AUTH_FAILED',
        `The access key ID ${context.accessKeyId ? `"${context.accessKeyId}" ` : ''}is not known to ${host}. Check it, or create a new key in your provider's console.`,
        opts,
      );
    case 'RequestTimeTooSkewed':
      return new AppError('AUTH_FAILED', `${host} rejected the request because this computer's clock is off. Set the clock automatically and retry.`, opts);
    case 'ExpiredToken':
    case 'InvalidToken':
      return new AppError('AUTH_FAILED', `The credentials for ${host} have expired. Enter a current key in Settings › Profiles.`, opts);
    case 'AccessDenied':
    case 'AllAccessDisabled':
    case 'Forbidden':
      return new AppError('ACCESS_DENIED', `Access to ${what} on ${host} was denied. Check that this key may use the bucket.`, opts);
    case 'NoSuchBucket':
      return bucketMissing(host, bucket, opts);
    case 'NoSuchKey':
    case 'NoSuchUpload':
      return new AppError('NOT_FOUND', `${context.key ? `"${context.key}"` : 'The object'} is not in the bucket "${bucket}" any more.`, opts);
    case 'NotFound':
      return context.key ? new AppError('NOT_FOUND', `"${context.key}" is not in the bucket "${bucket}".`, opts) : bucketMissing(host, bucket, opts);
    case 'InvalidBucketName':
      return new AppError('INVALID_INPUT', `"${bucket}" is not a valid bucket name.`, opts);
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return new AppError('BUCKET_NOT_FOUND', `The bucket "${bucket}" is not at ${host}: it is probably in another region. Check the endpoint.`, opts);
    case 'BucketAlreadyExists':
    case 'BucketAlreadyOwnedByYou':
      return new AppError('CONFLICT', `A bucket named "${bucket}" already exists.`, opts);
    case 'PreconditionFailed':
      return new AppError('CONFLICT', `${context.key ? `"${context.key}"` : 'The object'} changed on the server meanwhile.`, opts);
    case 'BadDigest':
    case 'InvalidDigest':
    case 'XAmzContentSHA256Mismatch':
      return new AppError('INTEGRITY', `${host} received different bytes than were sent${context.key ? ` for "${context.key}"` : ''}. It will be sent again.`, {
        ...opts,
        retryable: true,
      });
    case 'NotImplemented':
      return notSupported(error, host, opts);
    case 'EntityTooLarge':
      return new AppError('INVALID_INPUT', `${context.key ? `"${context.key}"` : 'The file'} is larger than ${host} accepts in one piece.`, opts);
  }
  if (THROTTLE_NAMES.has(name) || status === 503 || status === 429) {
    return new AppError('THROTTLED', `${host} is asking the app to slow down (too many requests). It will retry shortly.`, opts);
  }

  // Body-less answers (HEAD) and unparseable ones leave only the status.
  switch (status) {
    case 301:
      return new AppError('BUCKET_NOT_FOUND', `The bucket "${bucket}" is not at ${host}: it is probably in another region. Check the endpoint.`, opts);
    case 400:
      return new AppError('INVALID_INPUT', `${host} rejected the request as malformed. Check the endpoint and the region.`, opts);
    case 401:
      return new AppError('AUTH_FAILED', `${host} rejected the access key. Check the key and secret in Settings › Profiles.`, opts);
    case 403:
      return new AppError('ACCESS_DENIED', `Access to ${what} on ${host} was denied. Check the keys and that they may use the bucket.`, opts);
    case 404:
      return context.key ? new AppError('NOT_FOUND', `"${context.key}" is not in the bucket "${bucket}".`, opts) : bucketMissing(host, bucket, opts);
    case 409:
      return new AppError('CONFLICT', `${host} reported a conflict${context.key ? ` on "${context.key}"` : ''}. Try again.`, { ...opts, retryable: true });
  }
  if (status === 501) return notSupported(error, host, opts);
  if (status !== undefined && status >= 500) {
    return new AppError('NETWORK', `${host} had a problem answering (HTTP ${status}). Try again in a moment.`, opts);
  }
  return new AppError('INTERNAL', `Talking to ${host} failed unexpectedly. ${detailsHint()}`, opts);
}

/**
 * 501 NotImplemented: the store refuses something the app sent (Spaces: a
 * header it does not support). Sending it again cannot help, so it is
 * permanent, and the message names the request and the header so the report
 * that follows is useful.
 */
function notSupported(error: unknown, host: string, opts: { cause: unknown }): AppError {
  const sent = sentRequestOf(error);
  const headers = sent ? suspectHeaders(sent) : [];
  const request = sent ? `a ${sent.operation} request` : 'a request';
  const naming = headers.length === 1 ? `the header ${headers[0]}` : headers.length > 1 ? `one of the headers ${headers.join(', ')}` : 'one of its headers';
  return new AppError(
    'NOT_SUPPORTED',
    `${host} does not support ${naming} that the app sent with ${request} (501 NotImplemented). Retrying cannot help: this is a bug in the app, please report it with this message.`,
    { ...opts, retryable: false },
  );
}

function bucketMissing(host: string, bucket: string, opts: { cause: unknown }): AppError {
  return new AppError('BUCKET_NOT_FOUND', `There is no bucket "${bucket}" at ${host}. Check the bucket name and the region.`, opts);
}

function hostnameOf(host: string): string {
  return host.replace(/:\d+$/, '');
}

/** A 503 SlowDown / throttling answer: the caller should back off and try again. */
export function isThrottle(error: unknown): boolean {
  const { name, status } = facts(error);
  return THROTTLE_NAMES.has(name) || status === 503 || status === 429;
}

/** An aborted call (AbortController / cancelled transfer). */
export function isAbort(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'CANCELLED';
  const { name, codes } = facts(error);
  return name === 'AbortError' || codes.includes('ABORT_ERR');
}

/** The S3 error code an SDK error carries (NoSuchUpload, SlowDown…), or ''. */
export function sdkErrorName(error: unknown): string {
  return facts(error).name;
}
