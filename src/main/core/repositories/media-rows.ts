/**
 * One media row as every read of the index returns it: the object's columns
 * and, when they were read, its facts (media_facts, issue 17). Raw-SQL reads
 * (paging, search) select MEDIA_COLUMNS from MEDIA_FROM; drizzle reads
 * select `mediaColumns` (library.ts); both map through toMediaItem.
 */
import type { MediaFacts, MediaItem, MediaKind } from '../../../shared/domain';

export const MEDIA_FROM = 'objects o LEFT JOIN media_facts f ON f.object_id = o.id';

export const MEDIA_COLUMNS = `o.id, o.key, o.model, o.post, o.rel_path AS relPath, o.name, o.kind, o.size, o.etag,
  o.last_modified AS lastModified, o.is_public AS isPublic, f.object_id AS factsId, f.width, f.height,
  f.duration_ms AS durationMs, f.taken_at AS takenAt, f.camera, f.orientation, f.codec`;

export interface MediaRow {
  id: number;
  key: string;
  model: string;
  post: string;
  relPath: string;
  name: string;
  kind: MediaKind;
  size: number;
  etag: string;
  lastModified: number;
  isPublic: number | boolean | null;
  factsId: number | null;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  takenAt: number | null;
  camera: string | null;
  orientation: number | null;
  codec: string | null;
}

export function toMediaItem(r: MediaRow): MediaItem {
  const facts: MediaFacts | null =
    r.factsId === null
      ? null
      : { width: r.width, height: r.height, durationMs: r.durationMs, takenAt: r.takenAt, camera: r.camera, orientation: r.orientation, codec: r.codec };
  return {
    id: r.id,
    key: r.key,
    model: r.model,
    post: r.post,
    relPath: r.relPath,
    name: r.name,
    kind: r.kind,
    size: r.size,
    etag: r.etag,
    lastModified: r.lastModified,
    isPublic: r.isPublic === null ? null : r.isPublic === 1 || r.isPublic === true,
    facts,
  };
}
