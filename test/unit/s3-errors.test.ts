import { NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/main/core/errors';
import { toAppError } from '../../src/main/core/s3/errors';

/**
 * The mapping for answers the local servers cannot be made to give (503
 * SlowDown, expired certificates, aborts). The ones they can give are
 * covered against s3rver and moto in test/integration/profiles-connection.test.ts.
 */
const context = { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', accessKeyId: 'test-key' };

function sdkError(name: string, status: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: `raw ${name} text` });
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 1.2.3.4:443`), { code });
}

describe('toAppError', () => {
  it('maps throttling to THROTTLED, retryable', () => {
    for (const error of [sdkError('SlowDown', 503), sdkError('Unknown', 503), sdkError('TooManyRequestsException', 429)]) {
      expect(toAppError(error, context)).toMatchObject({ code: 'THROTTLED', retryable: true });
    }
  });

  it('maps a missing key to NOT_FOUND naming the key, and a body-less 404 without a key to BUCKET_NOT_FOUND', () => {
    const missing = toAppError(new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'x' }), { ...context, key: 'alice/a.jpg' });
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toContain('"alice/a.jpg"');
    expect(toAppError(sdkError('NotFound', 404), context).code).toBe('BUCKET_NOT_FOUND');
    expect(toAppError(sdkError('NotFound', 404), { ...context, key: 'k' }).code).toBe('NOT_FOUND');
  });

  it('maps system errors to NETWORK naming the host, and certificate errors to TLS', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN']) {
      const mapped = toAppError(systemError(code), context);
      expect(mapped).toMatchObject({ code: 'NETWORK', retryable: true });
      expect(mapped.message).toContain('nyc3.digitaloceanspaces.com');
    }
    // Wrapped one level down (as the SDK and AggregateError do).
    expect(toAppError(new Error('outer', { cause: systemError('ENOTFOUND') }), context).code).toBe('NETWORK');
    expect(toAppError(Object.assign(new AggregateError([systemError('ECONNREFUSED')]), { code: undefined }), context).code).toBe('NETWORK');
    for (const code of ['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      expect(toAppError(systemError(code), context).code).toBe('TLS');
    }
  });

  it('maps aborts to CANCELLED, auth and permission codes, and keeps AppErrors as they are', () => {
    expect(toAppError(Object.assign(new Error('aborted'), { name: 'AbortError' }), context).code).toBe('CANCELLED');
    expect(toAppError(sdkError('SignatureDoesNotMatch', 403), context).code).toBe('AUTH_FAILED');
    const unknownKey = toAppError(sdkError('InvalidAccessKeyId', 403), context);
    expect(unknownKey.code).toBe('AUTH_FAILED');
    expect(unknownKey.message).toContain('"test-key"');
    expect(toAppError(sdkError('AccessDenied', 403), context).code).toBe('ACCESS_DENIED');
    expect(toAppError(sdkError('NoSuchBucket', 404), context).code).toBe('BUCKET_NOT_FOUND');
    const own = new AppError('CONFLICT', 'x');
    expect(toAppError(own, context)).toBe(own);
  });

  it('maps 501 NotImplemented (Spaces: an unsupported header) to a permanent NOT_SUPPORTED naming the request and header', () => {
    const refused = sdkError('NotImplemented', 501);
    // What recordSentRequests (s3/sent-request.ts) leaves on an error, as a real client would.
    Object.defineProperty(refused, Symbol.for('spaces-media.sentRequest'), {
      value: { operation: 'DeleteObjects', headers: ['content-type', 'x-amz-date', 'x-amz-checksum-crc32', 'x-amz-sdk-checksum-algorithm'], query: ['delete'] },
    });
    const mapped = toAppError(refused, context);
    expect(mapped).toMatchObject({ code: 'NOT_SUPPORTED', retryable: false });
    expect(mapped.message).toContain('a DeleteObjects request');
    expect(mapped.message).toContain('x-amz-checksum-crc32, x-amz-sdk-checksum-algorithm');
    expect(mapped.message).toContain('nyc3.digitaloceanspaces.com');
    // A body-less 501 (HEAD) without a record still is not a network fault.
    expect(toAppError(sdkError('Unknown', 501), context)).toMatchObject({ code: 'NOT_SUPPORTED', retryable: false });
  });

  it('never shows the raw SDK text, and keeps the raw error as the cause', () => {
    const raw = sdkError('InternalError', 500);
    const mapped = toAppError(raw, context);
    expect(mapped).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(mapped.message).not.toContain('raw InternalError text');
    expect(mapped.cause).toBe(raw);
    expect(toAppError(new TypeError('boom'), context).code).toBe('INTERNAL');
  });
});
