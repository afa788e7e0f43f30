/**
 * Every presigned URL the app makes comes from here (a lint rule keeps
 * @aws-sdk/s3-request-presigner out of other modules), so each one passes
 * the checksum-parameter check below.
 */
import { GetObjectCommand, type HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition, fileNameOf } from '../../../shared/links';
import { AppError } from '../errors';

/**
 * A presigned GET. `download` asks the server to answer with
 * Content-Disposition: attachment and the original file name (the
 * response-content-disposition parameter is part of the signature).
 */
export async function presignGet(
  client: S3Client,
  bucket: string,
  key: string,
  options: { expiresIn: number; download: boolean; signingDate: Date },
): Promise<string> {
  const command = new GetObjectCommand({
    Bucket: bucket,
    Key: key,
    ResponseContentDisposition: options.download ? attachmentDisposition(fileNameOf(key)) : undefined,
  });
  return presign(client, command, options);
}

/** Any command presigned (a GET for links and the viewer, a HEAD for the CDN probe), checked. */
export async function presign(client: S3Client, command: GetObjectCommand | HeadObjectCommand, options: { expiresIn: number; signingDate?: Date }): Promise<string> {
  const url = await getSignedUrl(client, command, { expiresIn: options.expiresIn, ...(options.signingDate ? { signingDate: options.signingDate } : {}) });
  assertNoChecksumParams(url);
  return url;
}

/**
 * SDK ≥ 3.729 can sign checksum parameters into presigned URLs, which the
 * browser's plain GET then cannot satisfy. The client is built with
 * WHEN_REQUIRED so GETs carry none; this guard keeps a future SDK change from
 * handing out links that fail.
 */
export function assertNoChecksumParams(url: string): void {
  for (const name of new URL(url).searchParams.keys()) {
    if (/^x-amz-(sdk-)?checksum/i.test(name)) {
      throw new AppError('INTERNAL', 'The link could not be signed without a checksum parameter that would break it.');
    }
  }
}
