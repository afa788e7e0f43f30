import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { models } from '../../src/main/core/db/schema';
import { listModels } from '../../src/main/core/repositories/models';
import { insertProfile, tempDatabase } from '../fixtures/database';

describe('openDatabase', () => {
  let database: ReturnType<typeof tempDatabase>;
  beforeEach(() => (database = tempDatabase()));
  afterEach(() => database.cleanup());

  it('sets WAL, foreign keys and a busy timeout, and applies every migration', () => {
    const { sqlite } = database;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = sqlite.prepare("select name from sqlite_master where type in ('table') order by name").pluck().all();
    for (const t of ['profiles', 'models', 'posts', 'objects', 'sync_runs', 'uploads', 'shared_links', 'thumbnails', 'settings', 'media_fts']) {
      expect(tables).toContain(t);
    }
  });

  it('cascades a profile removal to its models', () => {
    const id = insertProfile(database);
    database.db.insert(models).values({ profileId: id, name: 'alice' }).run();
    database.sqlite.prepare('delete from profiles where id = ?').run(id);
    expect(database.sqlite.prepare('select count(*) from models').pluck().get()).toBe(0);
  });

  it('lists, sorts and filters models (filter text is literal, not a LIKE pattern)', () => {
    const id = insertProfile(database);
    database.db
      .insert(models)
      .values([
        { profileId: id, name: 'alice', bytes: 10, newestAt: 3 },
        { profileId: id, name: 'bob_100%', bytes: 30, newestAt: 1 },
        { profileId: id, name: 'carol', bytes: 20, newestAt: 2 },
      ])
      .run();
    const names = (sort: 'name' | 'size' | 'newest', filter?: string) =>
      listModels(database.db, id, { sort, filter }).map((m) => m.name);
    expect(names('name')).toEqual(['alice', 'bob_100%', 'carol']);
    expect(names('size')).toEqual(['bob_100%', 'carol', 'alice']);
    expect(names('newest')).toEqual(['alice', 'carol', 'bob_100%']);
    expect(names('name', '_1')).toEqual(['bob_100%']);
    expect(names('name', '%')).toEqual(['bob_100%']);
    expect(names('name', 'AL')).toEqual(['alice']);
  });

  it('reopens an existing file without re-running migrations', () => {
    const path = database.path;
    insertProfile(database, { name: 'kept' });
    database.close();
    const again = openDatabase(path);
    expect(again.sqlite.prepare('select name from profiles').pluck().all()).toEqual(['kept']);
    again.close();
  });
});
