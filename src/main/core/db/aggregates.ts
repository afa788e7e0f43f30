/**
 * Model and post aggregates (counts, bytes, newest date, cover, icon, banner
 * and thumbnail keys), recomputed set-based for just the posts and models
 * marked dirty. The sync and the uploads share this one definition, so an
 * uploaded object leaves the aggregates exactly as the next sync would, and
 * that sync finds nothing to change.
 *
 * Dirty sets are TEMP tables named per owner: two syncs (or a sync and the
 * upload queue) may work over the same connection at once. Callers run
 * `recompute` inside their own transaction.
 */
import type Database from 'better-sqlite3';

export class Aggregates {
  /** Qualified names of the dirty tables, for callers that fill them with SQL (the sweep). */
  readonly dirtyPosts: string;
  readonly dirtyModels: string;
  private readonly touchedModels = new Set<string>();
  private readonly touchedPosts = new Map<string, [string, string]>();
  private readonly statements;

  constructor(
    private readonly sqlite: Database.Database,
    owner: string,
  ) {
    this.dirtyPosts = `temp.dirty_posts_${owner}`;
    this.dirtyModels = `temp.dirty_models_${owner}`;
    sqlite.exec(`
      CREATE TABLE IF NOT EXISTS ${this.dirtyPosts} (model TEXT NOT NULL, post TEXT NOT NULL, PRIMARY KEY (model, post)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS ${this.dirtyModels} (model TEXT PRIMARY KEY) WITHOUT ROWID;
    `);
    // Only rows whose aggregates changed are written (a no-change sync writes none).
    const differs = (cols: string[]) => cols.map((c) => `${c} IS NOT excluded.${c}`).join(' OR ');
    this.statements = {
      dirtyPost: sqlite.prepare(`INSERT OR IGNORE INTO ${this.dirtyPosts} (model, post) VALUES (?, ?)`),
      dirtyModel: sqlite.prepare(`INSERT OR IGNORE INTO ${this.dirtyModels} (model) VALUES (?)`),
      upsertPosts: sqlite.prepare(
        `INSERT INTO posts (profile_id, model, name, media_count, bytes, newest_at, cover_key)
         SELECT o.profile_id, o.model, o.post,
           sum(o.role = 'media'),
           sum(CASE WHEN o.role = 'media' THEN o.size ELSE 0 END),
           max(CASE WHEN o.role = 'media' THEN o.last_modified END),
           (SELECT c.key FROM objects c
             WHERE c.profile_id = o.profile_id AND c.model = o.model AND c.post = o.post AND c.role = 'media' AND c.kind = 'image'
             ORDER BY c.rel_path LIMIT 1)
         FROM ${this.dirtyPosts} d
         -- CROSS JOIN keeps the (small) dirty table outermost: otherwise the planner may scan every object.
         CROSS JOIN objects o ON o.profile_id = @profileId AND o.model = d.model AND o.post = d.post
         WHERE true
         GROUP BY o.model, o.post
         ON CONFLICT (profile_id, model, name) DO UPDATE SET
           media_count = excluded.media_count, bytes = excluded.bytes, newest_at = excluded.newest_at, cover_key = excluded.cover_key
         WHERE ${differs(['media_count', 'bytes', 'newest_at', 'cover_key'])}`,
      ),
      deleteEmptyPosts: sqlite.prepare(
        `DELETE FROM posts WHERE profile_id = @profileId
           AND (model, name) IN (SELECT model, post FROM ${this.dirtyPosts})
           AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = posts.profile_id AND o.model = posts.model AND o.post = posts.name)`,
      ),
      upsertModels: sqlite.prepare(
        `INSERT INTO models (profile_id, name, post_count, media_count, bytes, newest_at, cover_key, icon_key, banner_key, thumb_key)
         SELECT @profileId, d.model,
           (SELECT count(*) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT coalesce(sum(p.media_count), 0) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT coalesce(sum(p.bytes), 0) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT max(p.newest_at) FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model),
           (SELECT p.cover_key FROM posts p WHERE p.profile_id = @profileId AND p.model = d.model AND p.cover_key IS NOT NULL
             ORDER BY p.newest_at DESC, p.name LIMIT 1),
           ${['icon', 'banner', 'model_thumb']
             .map(
               // INDEXED BY: left alone the planner walks the (profile, key) index over the whole profile.
               (role) => `(SELECT o.key FROM objects o INDEXED BY objects_profile_model_post_name
                 WHERE o.profile_id = @profileId AND o.model = d.model AND o.post IS NULL AND o.role = '${role}'
                 ORDER BY o.name LIMIT 1)`,
             )
             .join(',\n')}
         FROM ${this.dirtyModels} d
         WHERE EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = @profileId AND o.model = d.model)
         ON CONFLICT (profile_id, name) DO UPDATE SET
           post_count = excluded.post_count, media_count = excluded.media_count, bytes = excluded.bytes,
           newest_at = excluded.newest_at, cover_key = excluded.cover_key, icon_key = excluded.icon_key,
           banner_key = excluded.banner_key, thumb_key = excluded.thumb_key
         WHERE ${differs(['post_count', 'media_count', 'bytes', 'newest_at', 'cover_key', 'icon_key', 'banner_key', 'thumb_key'])}`,
      ),
      deleteEmptyModels: sqlite.prepare(
        `DELETE FROM models WHERE profile_id = @profileId
           AND name IN (SELECT model FROM ${this.dirtyModels})
           AND NOT EXISTS (SELECT 1 FROM objects o WHERE o.profile_id = models.profile_id AND o.model = models.name)`,
      ),
      clearDirty: [sqlite.prepare(`DELETE FROM ${this.dirtyPosts}`), sqlite.prepare(`DELETE FROM ${this.dirtyModels}`)],
    };
  }

  /** Notes a model (and post) whose aggregates need recomputing; deduplicated in memory, not by a statement per row. */
  touch(model: string | null, post: string | null): void {
    if (model === null) return;
    this.touchedModels.add(model);
    if (post !== null) this.touchedPosts.set(`${model}/${post}`, [model, post]);
  }

  /** Recomputes everything touched or put in the dirty tables: posts first (models sum their posts), then models. */
  recompute(profileId: string): void {
    for (const model of this.touchedModels) this.statements.dirtyModel.run(model);
    for (const [model, post] of this.touchedPosts.values()) this.statements.dirtyPost.run(model, post);
    this.touchedModels.clear();
    this.touchedPosts.clear();
    const p = { profileId };
    this.statements.upsertPosts.run(p);
    this.statements.deleteEmptyPosts.run(p);
    this.statements.upsertModels.run(p);
    this.statements.deleteEmptyModels.run(p);
    for (const statement of this.statements.clearDirty) statement.run();
  }

  dispose(): void {
    if (this.sqlite.open) this.sqlite.exec(`DROP TABLE IF EXISTS ${this.dirtyPosts}; DROP TABLE IF EXISTS ${this.dirtyModels};`);
  }
}
