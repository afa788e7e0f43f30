/**
 * The index's objects an export or a drag is about: a selection of keys, a
 * post, or a whole model, with what a download needs (version, size, date)
 * and where each goes in the model/post layout.
 */
import type Database from 'better-sqlite3';
import { AppError } from '../errors';

export interface ScopedObject {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  /** `MODEL/POST/REL…` for media; the key below the root prefix otherwise. */
  layout: string;
  name: string;
}

export type Scope = { keys: string[] } | { model: string; post?: string };

interface Row {
  key: string;
  etag: string;
  size: number;
  lastModified: number;
  model: string | null;
  post: string | null;
  relPath: string | null;
  name: string;
}

const COLUMNS = `key, etag, size, last_modified AS lastModified, model, post, rel_path AS relPath, name`;

export class ScopeReader {
  private readonly byKey: Database.Statement<{ profileId: string; keys: string }, Row>;
  private readonly byPlace: Database.Statement<{ profileId: string; model: string; post: string | null }, Row>;

  constructor(sqlite: Database.Database) {
    this.byKey = sqlite.prepare(`SELECT ${COLUMNS} FROM objects WHERE profile_id = @profileId AND key IN (SELECT value FROM json_each(@keys)) ORDER BY key`);
    this.byPlace = sqlite.prepare(
      `SELECT ${COLUMNS} FROM objects
       WHERE profile_id = @profileId AND model = @model AND (@post IS NULL OR post = @post) AND role = 'media'
       ORDER BY post, rel_path`,
    );
  }

  /** The objects of a scope; NOT_FOUND when the index has none of them. */
  read(profileId: string, rootPrefix: string, scope: Scope): ScopedObject[] {
    const rows = 'keys' in scope ? this.byKey.all({ profileId, keys: JSON.stringify(scope.keys) }) : this.byPlace.all({ profileId, model: scope.model, post: scope.post ?? null });
    if (rows.length === 0) {
      throw new AppError('NOT_FOUND', 'keys' in scope ? 'None of those items is in the library any more. Sync to refresh it.' : `"${scope.model}${scope.post ? `/${scope.post}` : ''}" has no media in the library.`);
    }
    return rows.map((r) => ({
      key: r.key,
      etag: r.etag,
      size: r.size,
      lastModified: r.lastModified,
      name: r.name,
      layout: r.model !== null && r.post !== null && r.relPath !== null ? `${r.model}/${r.post}/${r.relPath}` : r.key.slice(r.key.startsWith(rootPrefix) ? rootPrefix.length : 0),
    }));
  }
}
