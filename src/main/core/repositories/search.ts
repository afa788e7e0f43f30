/**
 * Media search over the FTS5 trigram index `media_fts` (name, model, post).
 * Trigrams need 3+ characters, so shorter queries scan with instr (literal,
 * case-insensitive). User text is always a quoted FTS string: no FTS syntax
 * (AND, NEAR, *, ", column filters) can be injected.
 */
import type { MediaItem, MediaKind } from '../../../shared/domain';
import type { IndexDatabase } from '../db/database';

const columns = `o.id, o.key, o.model, o.post, o.rel_path AS relPath, o.name, o.kind, o.size, o.etag,
  o.last_modified AS lastModified, o.is_public AS isPublic`;

interface Row extends Omit<MediaItem, 'isPublic' | 'kind'> {
  kind: MediaKind;
  isPublic: number | null;
}

/** `"…"` with inner quotes doubled: one FTS5 string token, matched as a phrase. */
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

export function searchMedia(database: IndexDatabase, profileId: string, query: string, limit = 200): MediaItem[] {
  const text = query.trim();
  if (text === '') return [];
  // Trigram tokens are 3 characters (code points) long.
  const rows =
    [...text].length >= 3
      ? database.sqlite
          .prepare<[string, string, number], Row>(
            `SELECT ${columns} FROM media_fts JOIN objects o ON o.id = media_fts.rowid
             WHERE media_fts MATCH ? AND o.profile_id = ? AND o.role = 'media'
             ORDER BY o.model, o.post, o.rel_path LIMIT ?`,
          )
          .all(ftsPhrase(text), profileId, limit)
      : database.sqlite
          .prepare<[string, string, string, string, number], Row>(
            `SELECT ${columns} FROM objects o
             WHERE o.profile_id = ? AND o.role = 'media'
               AND (instr(lower(o.name), lower(?)) > 0 OR instr(lower(o.model), lower(?)) > 0 OR instr(lower(o.post), lower(?)) > 0)
             ORDER BY o.model, o.post, o.rel_path LIMIT ?`,
          )
          .all(profileId, text, text, text, limit);
  return rows.map((r) => ({ ...r, isPublic: r.isPublic === null ? null : r.isPublic === 1 }));
}
