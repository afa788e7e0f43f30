/**
 * The check of a finished download against the object's ETag (etag.ts): a
 * single-part ETag must be the file's MD5; a multipart ETag is recomputed
 * for the candidate part sizes, and where none is the uploader's, size and
 * the ETag's form are what can be checked.
 */
import type { Verification } from '../../../shared/downloads';
import { ContentDigest, type Digests } from './content-digest';
import { etagForm, multipartCandidates } from './etag';

/** How the digests vouch for the file, or null when they contradict its ETag. */
export function checkDigests(task: { etag: string }, digests: Digests): Verification | null {
  const form = etagForm(task.etag);
  if (form.kind === 'md5') return digests.md5 === form.md5 ? 'md5' : null;
  if (form.kind === 'multipart') return [...digests.parts.values()].includes(form.digest) ? 'parts' : 'size';
  return 'size';
}

/**
 * A 32-hex ETag that is not the file's MD5: either the bytes are wrong, or
 * the server wrote a multipart ETag without its `-N` (s3rver does). The file
 * is read once more with the usual part sizes: a match is the latter.
 */
export async function recheckAsParts(task: { etag: string; size: number; temp: string }): Promise<Verification | null> {
  const form = etagForm(task.etag);
  if (form.kind !== 'md5') return null;
  const sizes = multipartCandidates(task.size);
  if (sizes.length === 0) return null;
  const digest = new ContentDigest(task.temp, { whole: false, partSizes: sizes });
  const digests = await digest.finish(task.size).finally(() => digest.dispose());
  return [...digests.parts.values()].includes(form.md5) ? 'parts' : null;
}
