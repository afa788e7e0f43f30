import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { partsOf } from '../../src/main/core/uploads/journal';
import { indexBefore } from '../fixtures/migrations';
import { tempDir } from '../fixtures/temp';

/**
 * The upload_parts migration on an index written by the version before it:
 * parts journaled in the old JSON column become rows, so an upload that a
 * quit interrupted before the upgrade still resumes without resending them.
 */
describe('migration 0003: acknowledged parts move from a JSON column to upload_parts', () => {
  it('copies every journaled part of every upload, and the old column is gone', () => {
    const dir = tempDir('migrate-parts-');
    try {
      // The index as the previous version left it: every migration before 0003.
      const { path, sqlite: old } = indexBefore(dir.path, '0003_upload_parts');
      old.prepare(`INSERT INTO profiles (id, name, endpoint, region, bucket, access_key_id, active, created_at, updated_at) VALUES ('p', 'p', 'http://x', 'r', 'b', 'k', 1, 0, 0)`).run();
      const insert = old.prepare(
        `INSERT INTO uploads (profile_id, batch_id, local_path, key, size, mtime_ms, content_type, acl, state, upload_id, part_size, parts, created_at, updated_at)
         VALUES ('p', 'b1', @path, @key, 30000000, 1, 'video/mp4', 'private', 'uploading', 'U', 5242880, @parts, 0, 0)`,
      );
      const first = insert.run({ path: '/a.mp4', key: 'm/p/a.mp4', parts: JSON.stringify([{ PartNumber: 1, ETag: '"e1"' }, { PartNumber: 2, ETag: '"e2"' }]) });
      const none = insert.run({ path: '/b.mp4', key: 'm/p/b.mp4', parts: '[]' });
      const broken = insert.run({ path: '/c.mp4', key: 'm/p/c.mp4', parts: 'not json' });
      old.close();

      const upgraded = openDatabase(path);
      try {
        expect(partsOf(upgraded.db, Number(first.lastInsertRowid))).toEqual([
          { PartNumber: 1, ETag: '"e1"' },
          { PartNumber: 2, ETag: '"e2"' },
        ]);
        expect(partsOf(upgraded.db, Number(none.lastInsertRowid))).toEqual([]);
        expect(partsOf(upgraded.db, Number(broken.lastInsertRowid))).toEqual([]);
        const columns = upgraded.sqlite.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('uploads');
        expect(columns).not.toContain('parts');
        // The rows still resume: state and UploadId as they were.
        expect(upgraded.sqlite.prepare("SELECT count(*) FROM uploads WHERE state = 'uploading' AND upload_id = 'U'").pluck().get()).toBe(3);
      } finally {
        upgraded.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
