import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/core/db/database';
import { indexBefore } from '../fixtures/migrations';
import { tempDir } from '../fixtures/temp';
import { models } from '../../src/main/core/db/schema';
import { listModels } from '../../src/main/core/repositories/models';
import { unsignedUrl } from '../../src/main/core/links/stored-links';
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

  it('migrating an index from before the CDN status fixes endpoints saved with the bucket in front', () => {
    const dir = tempDir('spaces-migrate-');
    try {
      // The index as the previous release left it: migrations up to 0001 only.
      const { path, sqlite } = indexBefore(dir.path, '0002_profile_cdn_status');
      const insert = sqlite.prepare('insert into profiles (id, name, endpoint, region, bucket, access_key_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 0, 0)');
      insert.run('origin', 'origin', 'https://media.nyc3.digitaloceanspaces.com', 'nyc3', 'media', 'K');
      insert.run('cdn', 'cdn', 'https://media.fra1.cdn.digitaloceanspaces.com', 'cdn', 'media', 'K');
      insert.run('fine', 'fine', 'https://ams3.digitaloceanspaces.com', 'ams3', 'media', 'K');
      insert.run('other', 'other', 'https://other.sgp1.digitaloceanspaces.com', 'sgp1', 'media', 'K');
      insert.run('local', 'local', 'http://127.0.0.1:9000', 'us-east-1', 'media', 'K');
      sqlite.close();

      const upgraded = openDatabase(path);
      const rows = upgraded.sqlite.prepare('select id, endpoint, region, cdn_status as cdnStatus from profiles order by id').all();
      upgraded.close();
      expect(rows).toEqual([
        { id: 'cdn', endpoint: 'https://fra1.digitaloceanspaces.com', region: 'fra1', cdnStatus: 'unknown' },
        { id: 'fine', endpoint: 'https://ams3.digitaloceanspaces.com', region: 'ams3', cdnStatus: 'unknown' },
        { id: 'local', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', cdnStatus: 'unknown' },
        { id: 'origin', endpoint: 'https://nyc3.digitaloceanspaces.com', region: 'nyc3', cdnStatus: 'unknown' },
        // Another bucket's name in front is left as it was: not this profile's to guess.
        { id: 'other', endpoint: 'https://other.sgp1.digitaloceanspaces.com', region: 'sgp1', cdnStatus: 'unknown' },
      ]);
    } finally {
      dir.cleanup();
    }
  });
  it('migrating an index from before unsigned links strips the signature of every recorded presigned link, and only that', () => {
    const dir = tempDir('spaces-migrate-links-');
    try {
      const { path, sqlite } = indexBefore(dir.path, '0007_shared_links_unsigned');
      sqlite.prepare("insert into profiles (id, name, endpoint, region, bucket, access_key_id, created_at, updated_at) values ('p', 'p', 'https://nyc3.digitaloceanspaces.com', 'nyc3', 'media', 'K', 0, 0)").run();
      const sig = 'ab'.repeat(32);
      const base = 'https://media.nyc3.digitaloceanspaces.com/alice/a%20b.jpg';
      const query = 'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=K%2F20261202%2Fnyc3%2Fs3%2Faws4_request&X-Amz-Date=20261202T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&x-id=GetObject';
      const links = {
        last: `${base}?${query}&X-Amz-Signature=${sig}`,
        first: `${base}?X-Amz-Signature=${sig}&${query}`,
        middle: `${base}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${sig}&x-id=GetObject`,
        public: `${base}?X-Amz-Signature=not-a-presigned-link-just-a-key-name`,
      };
      const insert = sqlite.prepare("insert into shared_links (profile_id, key, url, kind, expires_at, created_at) values ('p', ?, ?, ?, 1, 1)");
      for (const [name, url] of Object.entries(links)) insert.run(name, url, name === 'public' ? 'public' : 'presigned');
      sqlite.close();

      const upgraded = openDatabase(path);
      const rows = Object.fromEntries(upgraded.sqlite.prepare('select key, url from shared_links').all().map((r) => [(r as { key: string }).key, (r as { url: string }).url]));
      upgraded.close();
      expect(rows).toEqual({
        last: `${base}?${query}`,
        first: `${base}?${query}`,
        middle: `${base}?X-Amz-Algorithm=AWS4-HMAC-SHA256&x-id=GetObject`,
        public: links.public,
      });
      // The SQL and the code that records new links agree.
      for (const name of ['last', 'first', 'middle'] as const) expect(rows[name]).toBe(unsignedUrl(links[name]));
    } finally {
      dir.cleanup();
    }
  });
});
