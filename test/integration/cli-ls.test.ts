import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { models, objects, posts } from '../../src/main/core/db/schema';
import { runCli } from '../../src/cli/main';
import { insertProfile, tempDatabase } from '../fixtures/database';
import { captureIo } from '../fixtures/cli-io';


describe('spaces-media ls over an index', () => {
  let database: ReturnType<typeof tempDatabase>;
  beforeEach(() => {
    database = tempDatabase();
    const profileId = insertProfile(database, { name: 'main' });
    database.db.insert(models).values({ profileId, name: 'alice', postCount: 1, mediaCount: 1, bytes: 5 }).run();
    database.db.insert(posts).values({ profileId, model: 'alice', name: 'beach day', mediaCount: 1, bytes: 5 }).run();
    database.db
      .insert(objects)
      .values({
        profileId,
        key: 'alice/beach day/sub/IMG 1.jpg',
        role: 'media',
        model: 'alice',
        post: 'beach day',
        relPath: 'sub/IMG 1.jpg',
        name: 'IMG 1.jpg',
        kind: 'image',
        size: 5,
        etag: '"abc"',
        lastModified: Date.UTC(2026, 0, 2),
      })
      .run();
  });
  afterEach(() => database.cleanup());

  it('prints models, posts and media as the JSON of the CLI contract', async () => {
    const io = captureIo();
    expect(await runCli(['ls', '--json', '--db', database.path], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual([{ name: 'alice', posts: 1, media: 1, bytes: 5 }]);

    const posts = captureIo();
    expect(await runCli(['ls', 'alice', '--json', '--db', database.path], posts)).toBe(0);
    expect(JSON.parse(posts.out)).toEqual([{ name: 'beach day', media: 1, bytes: 5 }]);

    const media = captureIo();
    expect(await runCli(['ls', 'alice', 'beach day', '--json', '--db', database.path], media)).toBe(0);
    expect(JSON.parse(media.out)).toEqual([
      { key: 'alice/beach day/sub/IMG 1.jpg', name: 'sub/IMG 1.jpg', kind: 'image', size: 5, etag: '"abc"', lastModified: '2026-01-02T00:00:00.000Z' },
    ]);
    expect(media.err).toBe('');
  });

  it('fails with one line on stderr and a non-zero code for bad input', async () => {
    const io = captureIo();
    expect(await runCli(['ls', '--profile', 'nope', '--db', database.path], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toContain('[NO_PROFILE]');
    const bad = captureIo();
    expect(await runCli(['ls', '--frobnicate'], bad)).toBe(2);
    expect(bad.err).toContain('[INVALID_INPUT]');
  });

  it('runs as the built `spaces-media` bin', () => {
    const bin = resolve(__dirname, '../../bin/spaces-media.js');
    const built = existsSync(resolve(__dirname, '../../out/main/cli.js'));
    expect(built, 'npm test builds the app first; run npm run build').toBe(true);
    expect(execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' })).toContain('Usage: spaces-media');
    const res = spawnSync(process.execPath, [bin, 'ls', '--json', '--db', database.path], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([{ name: 'alice', posts: 1, media: 1, bytes: 5 }]);
  });
});
