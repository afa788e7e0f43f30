/**
 * What Spaces stores at all, checked before an upload starts (spaces.md,
 * "Limits"): an object of at most 5 TB, sent as at most 10,000 parts. A file
 * over the limit would otherwise upload for hours and fail at the last part.
 */
import { MAX_PART, MAX_PARTS, partCount, partSizeFor } from './part-size';
import type { LocalFile, Skipped } from './scan';

/** 5 TB as S3 counts it (5 TiB). */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

function formatTB(bytes: number): string {
  return `${(bytes / 1024 ** 4).toFixed(2)} TB`;
}

/** The files Spaces can store, and the others with the reason, for the batch's "skipped" list. */
export function withinStoreLimits(files: LocalFile[], preferredPart: number): { accepted: LocalFile[]; refused: Skipped[] } {
  const accepted: LocalFile[] = [];
  const refused: Skipped[] = [];
  for (const file of files) {
    if (file.size > MAX_OBJECT_BYTES) {
      refused.push({ path: file.localPath, reason: `${formatTB(file.size)}: larger than 5 TB, the most Spaces stores in one object`, problem: 'INVALID_INPUT' });
      continue;
    }
    const part = partSizeFor(file.size, preferredPart);
    if (part > MAX_PART || partCount(file.size, part) > MAX_PARTS) {
      refused.push({ path: file.localPath, reason: `needs more than ${MAX_PARTS.toLocaleString('en')} parts of at most 5 GiB`, problem: 'INVALID_INPUT' });
      continue;
    }
    accepted.push(file);
  }
  return { accepted, refused };
}
