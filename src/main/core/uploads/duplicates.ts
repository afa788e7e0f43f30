/**
 * "This file is already in the library": before a batch is sent, each file
 * whose size some other object of the library has is hashed, and compared
 * with those objects' ETags. What can be known, and what cannot:
 *  - a single-PUT ETag is the content's MD5: equal MD5 → the same content;
 *  - a multipart ETag is the MD5 of the parts' MD5s plus "-N": it can be
 *    recomputed only for the part size that made it. This app's own part
 *    size is tried (it finds copies this app uploaded, and the AWS CLI's
 *    default 8 MiB parts); otherwise the file is reported as "same size",
 *    which may or may not be the same content.
 * Files no object matches in size are never read.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type Database from 'better-sqlite3';
import type { UploadDuplicate } from '../../../shared/domain';
import { partSizeFor } from './part-size';
import type { PlannedFile } from './planner';

/** How many copies a duplicate lists (the view of duplicates lists them all). */
const LIST_COPIES = 5;

interface Candidate {
  key: string;
  etag: string;
}

/** The file's MD5 and, for a multipart comparison, the MD5s of its parts of `partSize` (one read). */
export async function hashFile(path: string, partSize: number | null): Promise<{ md5: string; parts: Buffer[] }> {
  const whole = createHash('md5');
  const parts: Buffer[] = [];
  let part = partSize ? createHash('md5') : null;
  let inPart = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    if (!part || !partSize) continue;
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(partSize - inPart, chunk.length - offset);
      part.update(chunk.subarray(offset, offset + take));
      inPart += take;
      offset += take;
      if (inPart === partSize) {
        parts.push(part.digest());
        part = createHash('md5');
        inPart = 0;
      }
    }
  }
  if (part && inPart > 0) parts.push(part.digest());
  return { md5: whole.digest('hex'), parts };
}

/** "md5-of-md5s-N" of these part digests (the S3 multipart ETag form). */
export function multipartEtag(parts: Buffer[]): string {
  return `${createHash('md5').update(Buffer.concat(parts)).digest('hex')}-${parts.length}`;
}

const unquote = (etag: string) => etag.replace(/^"|"$/g, '').toLowerCase();

export async function findDuplicates(sqlite: Database.Database, profileId: string, files: PlannedFile[], preferredPartSize?: number): Promise<UploadDuplicate[]> {
  const bySize = sqlite.prepare<[string, number, string], Candidate>(
    'SELECT key, etag FROM objects WHERE profile_id = ? AND size = ? AND key != ? ORDER BY key LIMIT 200',
  );
  const found: UploadDuplicate[] = [];
  for (const planned of files) {
    const { size, localPath, relPath } = planned.file;
    if (size === 0) continue;
    const candidates = bySize.all(profileId, size, planned.key);
    if (candidates.length === 0) continue;
    const multipart = candidates.some((c) => unquote(c.etag).includes('-'));
    const partSize = multipart ? partSizeFor(size, preferredPartSize) : null;
    let hashes: Awaited<ReturnType<typeof hashFile>>;
    try {
      hashes = await hashFile(localPath, partSize);
    } catch {
      continue; // Unreadable now: the upload itself will say so.
    }
    const ours = hashes.parts.length > 1 ? multipartEtag(hashes.parts) : null;
    const identical = candidates.filter((c) => {
      const etag = unquote(c.etag);
      return etag === hashes.md5 || (ours !== null && etag === ours);
    });
    // Multipart ETags that another part size made: same size, content unknown.
    const unknown = candidates.filter((c) => unquote(c.etag).includes('-') && !identical.includes(c));
    if (identical.length > 0) found.push({ relPath, size, certainty: 'identical', existing: identical.slice(0, LIST_COPIES).map((c) => c.key) });
    else if (unknown.length > 0) found.push({ relPath, size, certainty: 'same-size', existing: unknown.slice(0, LIST_COPIES).map((c) => c.key) });
  }
  return found;
}
