/**
 * A profile's CDN: where it would be, and whether it answers. Checked when
 * the profile is saved or checked, remembered in profiles.cdn_status; links
 * offer the CDN only when it answered (links/link-service.ts).
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { CdnStatus } from '../../../shared/connection-check';
import { cdnBase, hostableBucket, parseEndpoint } from '../../../shared/endpoints';
import type { Logger } from '../logger';
import type { ProfileRow } from '../repositories/profiles';
import { createS3Client } from '../s3/client';
import type { S3Connection } from '../s3/connection';
import type { CapabilityOptions } from './capabilities';
import { probeCdn } from './cdn-probe';
import { usesPathStyle } from './connection';
import { PROBE_CLIENT_OPTIONS } from './test-connection';

/** The CDN base to probe, or why there is none (shown in the check and the share dialog). */
export function cdnCheckOptions(profile: Pick<ProfileRow, 'endpoint' | 'bucket' | 'cdnMode' | 'cdnDomain' | 'pathStyle'>): CapabilityOptions['cdn'] {
  const base = cdnBase({ endpoint: profile.endpoint, bucket: profile.bucket, cdnMode: profile.cdnMode, cdnDomain: profile.cdnDomain, pathStyle: usesPathStyle(profile) });
  if (base) return { base };
  if (profile.cdnMode === 'none') return { base: null, reason: 'This profile has no CDN: public links use the origin URL.' };
  if (!hostableBucket(profile.bucket)) {
    return { base: null, reason: `The bucket name “${profile.bucket}” has a dot: the Spaces CDN certificate does not cover it, so there are no CDN links.` };
  }
  if (!parseEndpoint(profile.endpoint)?.isSpaces) return { base: null, reason: 'Only Spaces endpoints have an automatic CDN; set a custom CDN domain to use one.' };
  return { base: null, reason: 'No CDN is set up for this profile.' };
}

/** One listing for a known object, then a HEAD of it through the CDN. 'unknown' when either cannot be done. */
export async function probeProfileCdn(profile: ProfileRow, connection: S3Connection, log: Logger): Promise<CdnStatus> {
  const cdn = cdnCheckOptions(profile);
  if (cdn.base === null) return 'unknown';
  const client = createS3Client(connection, PROBE_CLIENT_OPTIONS);
  try {
    const page = await client.send(new ListObjectsV2Command({ Bucket: connection.bucket, MaxKeys: 1, Prefix: connection.rootPrefix || undefined }), {
      abortSignal: AbortSignal.timeout(6_000),
    });
    const first = page.Contents?.[0];
    if (!first?.Key) return 'unknown';
    const found = await probeCdn(connection, cdn.base, first.Key, first.ETag);
    log.info(`CDN probe for ${profile.name}: ${found.status} (${found.storeCode ?? 'no answer'})`);
    return found.status;
  } catch (error) {
    log.info(`CDN probe for ${profile.name}: the bucket could not be listed`, error);
    return 'unknown';
  } finally {
    client.destroy();
  }
}
