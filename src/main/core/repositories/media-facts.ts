/**
 * Writes what was read from inside a media object (media_facts, migration
 * 0004) — only for the version it was read from: an object whose ETag
 * changed meanwhile gets nothing (its new content is read again).
 */
import type Database from 'better-sqlite3';
import type { MediaFacts } from '../../../shared/domain';

export interface FactsTarget {
  profileId: string;
  key: string;
  etag: string;
}

const statements = new WeakMap<Database.Database, Database.Statement>();

export function saveFacts(sqlite: Database.Database, target: FactsTarget, facts: MediaFacts, searchText: string, now = Date.now()): boolean {
  let upsert = statements.get(sqlite);
  if (!upsert) {
    upsert = sqlite.prepare(
      `INSERT INTO media_facts (object_id, etag, width, height, duration_ms, taken_at, camera, orientation, codec, search_text, read_at)
       SELECT o.id, o.etag, @width, @height, @durationMs, @takenAt, @camera, @orientation, @codec, @searchText, @now
       FROM objects o WHERE o.profile_id = @profileId AND o.key = @key AND o.etag = @etag
       ON CONFLICT (object_id) DO UPDATE SET etag = excluded.etag, width = excluded.width, height = excluded.height,
         duration_ms = excluded.duration_ms, taken_at = excluded.taken_at, camera = excluded.camera,
         orientation = excluded.orientation, codec = excluded.codec, search_text = excluded.search_text, read_at = excluded.read_at`,
    );
    statements.set(sqlite, upsert);
  }
  return upsert.run({ ...target, ...facts, searchText, now }).changes > 0;
}
