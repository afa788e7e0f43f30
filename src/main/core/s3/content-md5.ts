/**
 * Content-MD5 instead of the SDK's checksum on the operations it always
 * checksums (PutObjectAcl, DeleteObjects: even with WHEN_REQUIRED it adds a
 * CRC32 header, which Spaces answers with 501 NotImplemented — spaces.md).
 * Content-MD5, which every S3-compatible store accepts for them, is computed
 * from the body as serialized and set just before signing.
 */
import { createHash } from 'node:crypto';
import type { FinalizeRequestMiddleware, MetadataBearer, MiddlewareStack } from '@smithy/types';

const CHECKSUM_HEADER = /^x-amz-(sdk-)?checksum-/i;

/** Strips every checksum header from the command's request and sends the body's MD5 instead. */
export function useContentMd5<I extends object, O extends MetadataBearer>(command: { middlewareStack: MiddlewareStack<I, O> }): void {
  const middleware: FinalizeRequestMiddleware<I, O> = (next) => async (args) => {
    const request = args.request as { headers?: Record<string, string>; body?: unknown };
    if (request.headers) {
      for (const name of Object.keys(request.headers)) {
        if (CHECKSUM_HEADER.test(name)) delete request.headers[name];
      }
      request.headers['content-md5'] = md5Base64(request.body);
    }
    return next(args);
  };
  command.middlewareStack.addRelativeTo(middleware, { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'contentMd5InsteadOfChecksum' });
}

function md5Base64(body: unknown): string {
  const hash = createHash('md5');
  if (typeof body === 'string' || body instanceof Uint8Array) hash.update(body);
  else if (body !== undefined && body !== null) throw new Error('Content-MD5 needs a buffered body (a string or bytes).');
  return hash.digest('base64');
}
