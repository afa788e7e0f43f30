import {
  GetObjectAclCommand,
  PutObjectAclCommand,
  type Grant,
  type S3Client,
} from '@aws-sdk/client-s3';
import { useContentMd5 } from '../s3/content-md5';

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

/** Readable by anyone: a READ (or FULL_CONTROL) grant to the AllUsers group. */
export function grantsArePublic(grants: Grant[] | undefined): boolean {
  return (grants ?? []).some(
    (g) => g.Grantee?.Type === 'Group' && g.Grantee.URI === ALL_USERS && (g.Permission === 'READ' || g.Permission === 'FULL_CONTROL'),
  );
}

export async function readIsPublic(client: S3Client, bucket: string, key: string): Promise<boolean> {
  const acl = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return grantsArePublic(acl.Grants);
}

/**
 * PutObjectAcl is one of the operations the SDK always sends a checksum for
 * (even with WHEN_REQUIRED): a CRC32 of the empty body, the kind of header
 * S3-compatible stores have rejected (spaces.md). Content-MD5, which every
 * S3-compatible store has always accepted for it, is sent instead.
 */
export async function writeCannedAcl(client: S3Client, bucket: string, key: string, isPublic: boolean): Promise<void> {
  const command = new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: isPublic ? 'public-read' : 'private' });
  useContentMd5(command);
  await client.send(command);
}
