/**
 * The form the index keeps an ETag in: without the quotes S3 puts around it
 * (ListObjectsV2, HeadObject and PutObject all quote it). One form for every
 * writer, so a sync does not see an uploaded object as changed and
 * thumbnails and duplicates keyed by ETag match whoever indexed the object.
 */
export function indexedEtag(raw: string | undefined): string {
  return (raw ?? '').replace(/^"|"$/g, '');
}
