import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type LocalS3 } from '../fixtures/s3rver';

/** The harness itself: the in-process S3 server answers real SDK calls. */
describe('local S3 server fixture (s3rver)', () => {
  let s3: LocalS3;
  let client: S3Client;
  beforeAll(async () => {
    s3 = await startS3rver();
    client = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  });
  afterAll(async () => {
    client.destroy();
    await s3.close();
  });

  it('stores and returns an object, and paginates a listing with continuation tokens', async () => {
    const body = Buffer.from('hello ✓');
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'alice/post 1/a.jpg', Body: body }));
    for (let i = 0; i < 5; i++) {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `alice/post 1/${i}.jpg`, Body: 'x' }));
    }
    const got = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'alice/post 1/a.jpg' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);

    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(keys).toHaveLength(6);
  });
});
