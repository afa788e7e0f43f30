import type { MediaItem } from '../shared/domain';

/** A media item as the CLI contract prints it (`ls MODEL POST`, `search`). */
export function mediaRow(m: MediaItem): { key: string; name: string; kind: string; size: number; etag: string; lastModified: string } {
  return { key: m.key, name: m.relPath, kind: m.kind, size: m.size, etag: m.etag, lastModified: new Date(m.lastModified).toISOString() };
}
