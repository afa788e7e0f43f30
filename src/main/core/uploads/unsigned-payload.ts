import type { S3Client } from '@aws-sdk/client-s3';

const BODY_COMMANDS = new Set(['PutObjectCommand', 'UploadPartCommand']);

/**
 * Our PUTs carry a Content-MD5 the server verifies, and Content-MD5 is one of
 * the signed headers, so body integrity and authenticity hold without also
 * hashing every byte with SHA-256 for the signature (the signer honours a
 * preset x-amz-content-sha256). That second full pass over each part was
 * CPU the transfer needs; AWS's own SDKs skip it the same way over HTTPS.
 */
export function useUnsignedPayload(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers;
      if (BODY_COMMANDS.has(context.commandName ?? '') && headers?.['content-md5']) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      return next(args);
    },
    { step: 'build', name: 'uploadsUnsignedPayload', override: true },
  );
}
