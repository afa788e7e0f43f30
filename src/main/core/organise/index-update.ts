/**
 * Puts what a batch did on the server into the index at once, in one
 * transaction with the journal's own record of it: a moved object's row
 * takes its new key and layout (its id stays, so the FTS triggers re-index
 * its names), a replaced or deleted row goes, the thumbnail follows the key,
 * and the aggregates of the posts and models touched are recomputed with the
 * statements the sync uses (db/aggregates.ts). The rows are what a fresh
 * sync would write, so that sync finds nothing to change.
 */
import type Database from 'better-sqlite3';
import { parseKey } from '../../../shared/key-layout';
import { Aggregates } from '../db/aggregates';
import type { ThumbnailStore } from '../thumbnails/store';

export interface PlacedObject {
  /** move: the source's row becomes the destination's; copy: the source stays. */
  op: 'move' | 'copy';
  src: string;
  dst: string;
  size: number;
  etag: string;
  lastModified: number;
  /** null: unknown (the ACL could not be read). */
  isPublic: boolean | null;
}

interface Row {
  id: number;
  etag: string;
  model: string | null;
  post: string | null;
  isPublic: number | null;
}

/** A deleted row as it was, so a held delete that is undone puts it back exactly. */
export type SavedRow = Record<string, unknown> & { id: number; key: string; model: string | null; post: string | null };

export class OrganiseIndexer {
  private readonly aggregates: Aggregates;
  private readonly statements;
  private readonly applyTx;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly thumbnails: ThumbnailStore,
  ) {
    this.aggregates = new Aggregates(sqlite, 'organise');
    this.statements = {
      find: sqlite.prepare<[string, string], Row>(
        `SELECT id, etag, model, post, is_public AS isPublic FROM objects WHERE profile_id = ? AND key = ?`,
      ),
      remove: sqlite.prepare<[string, string], { model: string | null; post: string | null }>(
        `DELETE FROM objects WHERE profile_id = ? AND key = ? RETURNING model, post`,
      ),
      saved: sqlite.prepare<[string, string], SavedRow>(`SELECT * FROM objects WHERE profile_id = ? AND key = ?`),
      move: sqlite.prepare(
        `UPDATE objects SET key = @key, role = @role, model = @model, post = @post, rel_path = @relPath, name = @name, kind = @kind,
           size = @size, etag = @etag, last_modified = @lastModified, is_public = @isPublic
         WHERE id = @id`,
      ),
      insert: sqlite.prepare(
        `INSERT INTO objects (profile_id, key, role, model, post, rel_path, name, kind, size, etag, last_modified, is_public)
         VALUES (@profileId, @key, @role, @model, @post, @relPath, @name, @kind, @size, @etag, @lastModified, @isPublic)`,
      ),
    };
    this.applyTx = sqlite.transaction((profileId: string, root: string, placed: PlacedObject[], deleted: string[], journal: () => void) => {
      for (const key of deleted) this.removeRow(profileId, key);
      this.thumbnails.forgetKeys(profileId, deleted);
      for (const object of placed) this.place(profileId, root, object);
      this.aggregates.recompute(profileId);
      journal();
    });
  }

  /**
   * Applies moves, copies and deletions, and runs `journal` (the steps'
   * new states) in the same transaction. Thumbnail files of forgotten rows
   * are removed afterwards.
   */
  async apply(profileId: string, root: string, changes: { placed: PlacedObject[]; deleted: string[] }, journal: () => void = () => undefined): Promise<void> {
    this.applyTx(profileId, root, changes.placed, changes.deleted, journal);
    await this.thumbnails.sweepOrphans();
  }

  /** Takes rows out of the index (a held delete), returning them as they were. */
  take(profileId: string, keys: string[]): SavedRow[] {
    return this.sqlite.transaction(() => {
      const rows = keys.flatMap((key) => {
        const row = this.statements.saved.get(profileId, key);
        if (row) this.removeRow(profileId, key);
        return row ? [row] : [];
      });
      this.aggregates.recompute(profileId);
      return rows;
    })();
  }

  /** Puts rows taken by `take` back (an undone or dropped held delete); a key indexed again meanwhile (a sync) keeps its row. */
  restore(profileId: string, rows: SavedRow[]): void {
    if (!this.sqlite.open || rows.length === 0) return;
    this.sqlite.transaction(() => {
      for (const row of rows) {
        const columns = Object.keys(row);
        this.sqlite.prepare(`INSERT OR IGNORE INTO objects (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
        this.aggregates.touch(row.model, row.post);
      }
      this.aggregates.recompute(profileId);
    })();
  }

  dispose(): void {
    this.aggregates.dispose();
  }

  private removeRow(profileId: string, key: string): void {
    const gone = this.statements.remove.get(profileId, key);
    if (gone) this.aggregates.touch(gone.model, gone.post);
  }

  private place(profileId: string, root: string, object: PlacedObject): void {
    const parsed = parseKey(object.dst, root);
    const replaced = this.statements.find.get(profileId, object.dst);
    if (replaced) {
      this.removeRow(profileId, object.dst);
      this.thumbnails.forgetKeys(profileId, [object.dst]);
    }
    const source = object.op === 'move' ? this.statements.find.get(profileId, object.src) : undefined;
    const isPublic = object.isPublic === null ? null : object.isPublic ? 1 : 0;
    const values = { ...parsed, key: object.dst, size: object.size, etag: object.etag, lastModified: object.lastModified, isPublic };
    this.aggregates.touch(parsed.model, parsed.post);
    if (source) {
      this.statements.move.run({ ...values, id: source.id });
      this.aggregates.touch(source.model, source.post);
      this.thumbnails.rekey(profileId, { key: object.src, etag: source.etag }, { key: object.dst, etag: object.etag });
    } else {
      this.statements.insert.run({ ...values, profileId });
    }
  }
}
