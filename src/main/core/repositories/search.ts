/**
 * Search over the FTS5 trigram index (`media_fts`, migrations 0001 and 0004):
 * file, post and model names and the media facts (camera, date taken, pixel
 * size, orientation, codec: media_facts.search_text), any part of a word. Every term of 3+ characters is a
 * quoted FTS phrase (no FTS syntax can be injected); a query with no such
 * term (trigrams need 3 characters) falls back to a literal, case-insensitive
 * scan. Hits come in index order (rowid), so a LIMIT stops the scan early
 * even when a common fragment matches most of a million rows.
 */
import type Database from 'better-sqlite3';
import type { MediaItem, SearchResult } from '../../../shared/domain';
import { MEDIA_COLUMNS, MEDIA_FROM, toMediaItem, type MediaRow } from './media-rows';

/** The trigram tokenizer cannot match fragments shorter than three characters. */
export const MIN_SEARCH_TERM = 3;

/** FTS5 query text: each term of 3+ characters as a quoted phrase, all required. */
export function ftsQuery(text: string): string | null {
  const terms = text
    .trim()
    .split(/\s+/)
    .filter((t) => [...t].length >= MIN_SEARCH_TERM);
  if (terms.length === 0) return null;
  return terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ');
}

const statements = new WeakMap<Database.Database, { fts: Database.Statement; scan: Database.Statement; models: Database.Statement }>();

function prepared(sqlite: Database.Database) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      fts: sqlite.prepare(
        `SELECT ${MEDIA_COLUMNS} FROM media_fts JOIN objects o ON o.id = media_fts.rowid LEFT JOIN media_facts f ON f.object_id = o.id
          WHERE media_fts MATCH ? AND o.profile_id = ? AND o.role = 'media'
          ORDER BY media_fts.rowid LIMIT ?`,
      ),
      scan: sqlite.prepare(
        `SELECT ${MEDIA_COLUMNS} FROM ${MEDIA_FROM}
          WHERE o.profile_id = @profileId AND o.role = 'media'
            AND (instr(lower(o.name), lower(@text)) > 0 OR instr(lower(o.model), lower(@text)) > 0 OR instr(lower(o.post), lower(@text)) > 0
              OR instr(lower(f.search_text), lower(@text)) > 0)
          ORDER BY o.id LIMIT @limit`,
      ),
      models: sqlite.prepare(
        `SELECT name, media_count AS mediaCount FROM models
          WHERE profile_id = ? AND instr(lower(name), lower(?)) > 0 ORDER BY name LIMIT 20`,
      ),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/** Matching media rows, at most `limit`. */
export function searchMedia(sqlite: Database.Database, profileId: string, text: string, limit = 200): MediaItem[] {
  const query = text.trim();
  if (query === '') return [];
  const { fts, scan } = prepared(sqlite);
  const match = ftsQuery(query);
  const rows = (match ? fts.all(match, profileId, limit) : scan.all({ profileId, text: query, limit })) as MediaRow[];
  return rows.map(toMediaItem);
}

/** As-you-type search for the library: hits grouped by model/post, plus matching model names. */
export function searchLibrary(sqlite: Database.Database, profileId: string, text: string, limit = 300): SearchResult {
  const started = performance.now();
  const query = text.trim();
  const rows = searchMedia(sqlite, profileId, query, limit + 1);
  const more = rows.length > limit;
  const groups = new Map<string, SearchResult['groups'][number]>();
  for (const row of rows.slice(0, limit)) {
    const id = `${row.model}\u0000${row.post}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { model: row.model, post: row.post, items: [] }));
    group.items.push(row);
  }
  return {
    query,
    count: Math.min(rows.length, limit),
    more,
    models: query === '' ? [] : (prepared(sqlite).models.all(profileId, query) as SearchResult['models']),
    groups: [...groups.values()],
    tookMs: performance.now() - started,
  };
}
