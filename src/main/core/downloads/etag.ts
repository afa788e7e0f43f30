/**
 * What an object's ETag can vouch for (spaces.md): a single PUT's ETag is the
 * MD5 of its bytes; a multipart upload's is `md5(concat(part md5s))-N`, which
 * can be recomputed only knowing the part size the uploader used. Part sizes
 * are not stored on the object, so the common ones (ours, the SDKs', rclone's,
 * the AWS CLI's, s3cmd's) are tried: a match vouches for every byte; no
 * match leaves size and the ETag's form as the check.
 */
import { expectedEtag } from '../uploads/verify-and-index';
import { MiB, partSizeFor } from '../uploads/part-size';

export type EtagForm = { kind: 'md5'; md5: string } | { kind: 'multipart'; digest: string; parts: number } | { kind: 'opaque' };

/** An ETag as S3 sends it (quoted, any case) → what it claims. */
export function etagForm(etag: string): EtagForm {
  const bare = etag.replace(/"/g, '').trim().toLowerCase();
  if (/^[0-9a-f]{32}$/.test(bare)) return { kind: 'md5', md5: bare };
  const multi = /^([0-9a-f]{32})-(\d+)$/.exec(bare);
  if (multi) return { kind: 'multipart', digest: multi[1]!, parts: Number(multi[2]) };
  return { kind: 'opaque' };
}

/** Two ETags name the same version (quotes and case aside). */
export function sameEtag(a: string | undefined, b: string | undefined): boolean {
  const norm = (e: string | undefined) => (e ?? '').replace(/"/g, '').trim().toLowerCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

/** Part sizes uploaders commonly use, in MiB (AWS CLI 8, SDKs and rclone 5, s3cmd 15, …). */
const COMMON_PART_MIB = [5, 8, 10, 15, 16, 25, 32, 50, 64, 100, 128, 256, 512];

/** Part sizes an upload of `size` bytes may have used (ours first). */
function knownPartSizes(size: number): number[] {
  const candidates = new Set<number>();
  try {
    candidates.add(partSizeFor(size));
  } catch {
    // Larger than any multipart upload could make: no candidate of ours.
  }
  for (const mib of COMMON_PART_MIB) candidates.add(mib * MiB);
  return [...candidates];
}

/** Part sizes that would cut `size` bytes into exactly `parts` parts. */
export function partSizeCandidates(size: number, parts: number): number[] {
  return knownPartSizes(size).filter((p) => Math.max(1, Math.ceil(size / p)) === parts);
}

/** Part sizes that would make `size` bytes a multipart upload (two parts or more). */
export function multipartCandidates(size: number): number[] {
  return knownPartSizes(size).filter((p) => size > p);
}

/** The multipart ETag digest (without `-N`) of parts whose MD5s are given. */
export function partsDigest(partMd5s: string[]): string {
  return expectedEtag(partMd5s, true).replace(/-\d+$/, '');
}
