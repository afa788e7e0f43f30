import { GetObjectCommand } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { startS3rver, type LocalS3 } from '../../fixtures/s3rver';
import { tempDir } from '../../fixtures/temp';
import { rawClient, writeRandom } from './setup';
import { captureIo } from '../../fixtures/cli-io';


describe('spaces-media upload', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3rver('media');
  });
  afterAll(async () => {
    await s3?.close();
  });

  it('uploads a folder into MODEL/POST, prints JSON, and `ls` sees it without a sync', async () => {
    const dir = tempDir();
    const client = rawClient(s3);
    try {
      const a = writeRandom(dir.path, 'shoot/a b.jpg', 1234);
      writeRandom(dir.path, 'shoot/sub/c.mp4', 6 * 1024 * 1024);
      writeRandom(dir.path, 'shoot/.DS_Store', 4);
      const db = join(dir.path, 'index.db');
      const conn = ['--endpoint', s3.endpoint, '--bucket', s3.bucket, '--path-style', '--db', db];
      const env = { SPACES_KEY: s3.accessKeyId, SPACES_SECRET: s3.secretAccessKey };
      const io = captureIo(env);
      expect(await runCli(['upload', join(dir.path, 'shoot'), '--to', 'zoe/first post', '--json', ...conn], io), io.err).toBe(0);
      const out = JSON.parse(io.out) as { uploaded: number; failed: number; skipped: { reason: string }[]; items: { key: string; state: string }[] };
      expect(out).toMatchObject({ uploaded: 2, failed: 0, skipped: [{ reason: 'hidden or system file' }] });
      expect(out.items.map((i) => i.key).sort()).toEqual(['zoe/first post/a b.jpg', 'zoe/first post/sub/c.mp4']);
      const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'zoe/first post/a b.jpg' }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(a)).toBe(true);

      const ls = captureIo(env);
      expect(await runCli(['ls', 'zoe', 'first post', '--json', ...conn], ls)).toBe(0);
      expect((JSON.parse(ls.out) as { name: string }[]).map((m) => m.name).sort()).toEqual(['a b.jpg', 'sub/c.mp4']);

      // Again without --on-conflict: one clear line, nothing uploaded.
      const again = captureIo(env);
      expect(await runCli(['upload', join(dir.path, 'shoot'), '--to', 'zoe/first post', ...conn], again)).toBe(1);
      expect(again.err.trim().split('\n')).toHaveLength(1);
      expect(again.err).toContain('[CONFLICT]');

      const bad = captureIo(env);
      expect(await runCli(['upload', join(dir.path, 'shoot'), '--to', 'zoe', ...conn], bad)).toBe(2);
      expect(bad.err).toContain('[INVALID_INPUT]');
    } finally {
      client.destroy();
      dir.cleanup();
    }
  });
});
