import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { clientFor, deleteKeys, localConnection, putKeys } from '../fixtures/bucket';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';
import { tempDir } from '../fixtures/temp';
import { captureIo } from '../fixtures/cli-io';


describe('spaces-media sync and search against s3rver', () => {
  let s3: LocalS3;
  let dir: ReturnType<typeof tempDir>;
  const env = { SPACES_KEY: 'S3RVER', SPACES_SECRET: 'S3RVER' };
  let conn: string[];

  beforeAll(async () => {
    s3 = await startS3rver('cli');
    dir = tempDir('cli-sync-');
    conn = ['--endpoint', s3.endpoint, '--bucket', 'cli', '--path-style', '--db', join(dir.path, 'library.db')];
    const client = clientFor(localConnection(s3.endpoint, 'cli'));
    await putKeys(client, 'cli', ['alice/beach day/IMG 1.jpg', 'alice/beach day/clip.mp4', 'alice/thumb.jpg', 'bob/p/ünïcode 🌊.png', 'bob/notes.txt']);
    client.destroy();
  });
  afterAll(async () => {
    await s3?.close();
    dir?.cleanup();
  });

  it('sync --json prints exactly the contract document', async () => {
    const io = captureIo(env);
    expect(await runCli(['sync', '--json', ...conn], io)).toBe(0);
    expect(io.err).toBe('');
    expect(JSON.parse(io.out)).toEqual({ objects: 5, models: 2, posts: 2, media: 3, added: 5, updated: 0, removed: 0, unclassified: 1 });
    const again = captureIo(env);
    expect(await runCli(['sync', '--json', ...conn], again)).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ objects: 5, added: 0, updated: 0, removed: 0 });
  });

  it('search --json returns media rows; ls sees the synced models', async () => {
    const io = captureIo(env);
    expect(await runCli(['search', 'wave', '--json', ...conn], io)).toBe(0);
    expect(JSON.parse(io.out)).toEqual([]);
    const found = captureIo(env);
    expect(await runCli(['search', '🌊', '--json', ...conn], found)).toBe(0);
    const rows = JSON.parse(found.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: 'bob/p/ünïcode 🌊.png', name: 'ünïcode 🌊.png', kind: 'image', size: Buffer.byteLength('bob/p/ünïcode 🌊.png') });
    expect(Object.keys(rows[0]!).sort()).toEqual(['etag', 'key', 'kind', 'lastModified', 'name', 'size']);
    const ls = captureIo(env);
    expect(await runCli(['ls', '--json', ...conn], ls)).toBe(0);
    expect(JSON.parse(ls.out)).toEqual([
      { name: 'alice', posts: 1, media: 2, bytes: expect.any(Number) },
      { name: 'bob', posts: 1, media: 1, bytes: expect.any(Number) },
    ]);
  });

  it('an emptied bucket needs --confirm-deletes: one line on stderr, exit 1, nothing removed', async () => {
    const client = clientFor(localConnection(s3.endpoint, 'cli'));
    await deleteKeys(client, 'cli', ['alice/beach day/IMG 1.jpg', 'alice/beach day/clip.mp4', 'alice/thumb.jpg', 'bob/p/ünïcode 🌊.png', 'bob/notes.txt']);
    client.destroy();
    const io = captureIo(env);
    expect(await runCli(['sync', '--json', ...conn], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err.trim().split('\n')).toHaveLength(1);
    expect(io.err).toMatch(/--confirm-deletes.*\[NEEDS_CONFIRMATION\]/);
    const ls = captureIo(env);
    await runCli(['ls', '--json', ...conn], ls);
    expect(JSON.parse(ls.out)).toHaveLength(2);

    const confirmed = captureIo(env);
    expect(await runCli(['sync', '--json', '--confirm-deletes', ...conn], confirmed)).toBe(0);
    expect(JSON.parse(confirmed.out)).toMatchObject({ objects: 0, models: 0, removed: 5 });
  });

  it('a missing search query is a usage error', async () => {
    const io = captureIo(env);
    expect(await runCli(['search', ...conn], io)).toBe(2);
    expect(io.err).toMatch(/INVALID_INPUT/);
  });
});
