/**
 * Does the profile's CDN answer? The Spaces CDN serves a bucket only once the
 * user has enabled it (spaces.md): a CDN link built without checking can be
 * dead. One HEAD of a known object through the CDN host tells: the request
 * is presigned for the virtual-hosted origin and sent to the CDN host, which
 * Spaces documents as the way presigned URLs work through its CDN, so a
 * private object proves the CDN as well as a public one.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { CdnStatus } from '../../../shared/connection-check';
import { encodeKeyPath } from '../../../shared/object-urls';
import { presign } from '../links/presign';
import { createS3Client } from '../s3/client';
import type { S3Connection } from '../s3/connection';

export interface CdnProbe {
  status: CdnStatus;
  /** HTTP status or network error code of the CDN's answer. */
  storeCode: string | null;
  detail: string;
}

const PROBE_TIMEOUT_MS = 5_000;

/** HEAD `key` through `cdnBase`; `etag` (from a listing), when given, must match what the CDN serves. */
export async function probeCdn(connection: S3Connection, cdnBase: string, key: string, etag?: string): Promise<CdnProbe> {
  // Signed as the virtual-hosted origin; only the host changes.
  const signer = createS3Client({ ...connection, forcePathStyle: false }, { maxAttempts: 1 });
  let url: URL;
  try {
    const signed = new URL(await presign(signer, new HeadObjectCommand({ Bucket: connection.bucket, Key: key }), { expiresIn: 300 }));
    url = new URL(`${cdnBase.replace(/\/+$/, '')}/${encodeKeyPath(key)}${signed.search}`);
  } finally {
    signer.destroy();
  }
  const where = `${url.protocol}//${url.host}`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const code = cause?.code ?? (error as Error).name;
    return { status: 'unknown', storeCode: code, detail: `${where} could not be reached (${code}); the CDN was not checked.` };
  }
  if (response.ok) {
    const served = response.headers.get('etag');
    if (etag && served && served !== etag) {
      // A CDN serving an older copy is still a CDN: it answers.
      return { status: 'on', storeCode: `HTTP ${response.status}`, detail: `${where} answered for “${key}” (a cached copy).` };
    }
    return { status: 'on', storeCode: `HTTP ${response.status}`, detail: `${where} answered for “${key}”.` };
  }
  return {
    status: 'off',
    storeCode: response.headers.get('x-amz-error-code') ?? `HTTP ${response.status}`,
    detail: `${where} answered HTTP ${response.status} for “${key}”, which the origin serves.`,
  };
}
