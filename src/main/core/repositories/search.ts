/**
 * As-you-type search over the FTS5 trigram index (`media_fts`, migration
 * 0001): file, post and model names, any part of a word. Hits come back in
 * index order (rowid) so a LIMIT stops the scan early even when a common
 * fragment matches most of a million rows; they are grouped by model/post.
 */
import type Database from 'better-sqlite3';
import type { MediaItem, SearchResult } from '../../../shared/domain';

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

interface Row extends Omit<MediaItem, 'isPublic'> {
  isPublic: number | null;
}

const statements = new WeakMap<Database.Database, { hits: Database.Statement; models: Database.Statement }>();

function prepared(sqlite: Database.Database) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      hits: sqlite.prepare(
        `SELECT o.id, o.key, o.model, o.post, o.rel_path AS relPath, o.name, o.kind, o.size, o.etag,
                o.last_modified AS lastModified, o.is_public AS isPublic
           FROM media_fts JOIN objects o ON o.id = media_fts.rowid
          WHERE media_fts MATCH ? AND o.profile_id = ?
          ORDER BY media_fts.rowid
          LIMIT ?`,
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

export function searchLibrary(sqlite: Database.Database, profileId: string, text: string, limit = 300): SearchResult {
  const started = performance.now();
  const query = text.trim();
  const match = ftsQuery(query);
  const empty: SearchResult = { query, count: 0, more: false, models: [], groups: [], tookMs: 0 };
  if (!match) return { ...empty, tookMs: performance.now() - started };
  const { hits, models } = prepared(sqlite);
  const rows = hits.all(match, profileId, limit + 1) as Row[];
  const more = rows.length > limit;
  const groups = new Map<string, SearchResult['groups'][number]>();
  for (const row of rows.slice(0, limit)) {
    const id = `${row.model}\u0000${row.post}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { model: row.model, post: row.post, items: [] }));
    group.items.push({ ...row, isPublic: row.isPublic === null ? null : row.isPublic === 1 });
  }
  return {
    query,
    count: Math.min(rows.length, limit),
    more,
    models: models.all(profileId, query) as SearchResult['models'],
    groups: [...groups.values()],
    tookMs: performance.now() - started,
  };
}
