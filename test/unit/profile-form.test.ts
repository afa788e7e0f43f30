import { describe, expect, it } from 'vitest';
import { calls } from '../../src/shared/contract';
import { fieldErrors, normalizePrefix, profileFormSchema } from '../../src/shared/profile';
import { spreadPastedAddress } from '../../src/shared/pasted-location';

const base = { name: 'studio', endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', accessKeyId: 'test-key' };

describe('the shared profile form schema', () => {
  it('derives the region from a Spaces endpoint and defaults it elsewhere', () => {
    expect(profileFormSchema.parse({ ...base, region: 'us-west-2' }).region).toBe('nyc3');
    expect(profileFormSchema.parse({ ...base, endpoint: 'https://fra1.digitaloceanspaces.com/' })).toMatchObject({
      region: 'fra1',
      endpoint: 'https://fra1.digitaloceanspaces.com',
    });
    expect(profileFormSchema.parse({ ...base, endpoint: 'http://127.0.0.1:9000' }).region).toBe('us-east-1');
    expect(profileFormSchema.parse({ ...base, endpoint: 'https://s3.example.com', region: 'eu-central-1' }).region).toBe('eu-central-1');
  });

  it('fills defaults and normalises the prefix and empty optionals', () => {
    expect(profileFormSchema.parse({ ...base, rootPrefix: '/library', cacheControl: '  ', cdnDomain: '' })).toMatchObject({
      rootPrefix: 'library/',
      cacheControl: null,
      cdnDomain: null,
      pathStyle: 'auto',
      cdnMode: 'auto',
      defaultAcl: 'private',
    });
    expect(normalizePrefix('')).toBe('');
    expect(normalizePrefix('a//b')).toBe('a/b/');
  });

  it('names the field and says what is wrong', () => {
    const bad = profileFormSchema.safeParse({ ...base, name: ' ', endpoint: 'nyc3', bucket: 'My_Bucket', accessKeyId: 'has space', cdnMode: 'custom' });
    expect(bad.success).toBe(false);
    const errors = fieldErrors(bad.error!);
    expect(Object.keys(errors).sort()).toEqual(['accessKeyId', 'bucket', 'cdnDomain', 'endpoint', 'name']);
    expect(errors.endpoint).toMatch(/https:\/\//);
    const cdn = profileFormSchema.safeParse({ ...base, cdnMode: 'custom' });
    expect(fieldErrors(cdn.error!)).toEqual({ cdnDomain: 'Enter the CDN domain, or choose another CDN option.' });
  });

  it('splits an endpoint pasted with the bucket (origin, CDN, path style) into endpoint, bucket and root folder', () => {
    const nyc3 = 'https://nyc3.digitaloceanspaces.com';
    expect(profileFormSchema.parse({ ...base, endpoint: 'https://media.nyc3.digitaloceanspaces.com', bucket: '' })).toMatchObject({ endpoint: nyc3, bucket: 'media', rootPrefix: '', region: 'nyc3' });
    expect(profileFormSchema.parse({ ...base, endpoint: 'https://media.nyc3.cdn.digitaloceanspaces.com/library/' })).toMatchObject({ endpoint: nyc3, bucket: 'media', rootPrefix: 'library/' });
    expect(profileFormSchema.parse({ ...base, endpoint: 'http://127.0.0.1:9000/media/lib', bucket: '' })).toMatchObject({ endpoint: 'http://127.0.0.1:9000', bucket: 'media', rootPrefix: 'lib/' });
    // A typed root folder wins over the pasted path; the origin pasted into the bucket field works too.
    expect(profileFormSchema.parse({ ...base, endpoint: 'https://media.nyc3.digitaloceanspaces.com/x/', rootPrefix: 'mine' })).toMatchObject({ rootPrefix: 'mine/' });
    expect(profileFormSchema.parse({ ...base, bucket: 'https://media.nyc3.digitaloceanspaces.com/' })).toMatchObject({ endpoint: nyc3, bucket: 'media' });
    // A bucket that contradicts the address, and s3:// (no server), say what to do.
    const clash = profileFormSchema.safeParse({ ...base, endpoint: 'https://media.nyc3.digitaloceanspaces.com', bucket: 'photos' });
    expect(fieldErrors(clash.error!).bucket).toMatch(/names the bucket “media”.*“photos”/);
    const s3 = profileFormSchema.safeParse({ ...base, endpoint: 's3://media/lib' });
    expect(fieldErrors(s3.error!).endpoint).toMatch(/s3:\/\/ names the bucket but not the server/);
    const empty = profileFormSchema.safeParse({ ...base, endpoint: '', bucket: '' });
    expect(Object.keys(fieldErrors(empty.error!)).sort()).toEqual(['bucket', 'endpoint']);
  });

  it('accepts a secret only as the write-only field of save, and rejects unknown fields', () => {
    expect(calls['profiles:save'].request.safeParse({ ...base, secret: 's3cr3t' }).success).toBe(true);
    expect(calls['profiles:save'].request.safeParse({ ...base, secretAccessKey: 's3cr3t' }).success).toBe(false);
    expect(calls['profiles:test'].request.safeParse({ id: 'x' }).success).toBe(true);
    expect(calls['profiles:test'].request.safeParse({ draft: { ...base, secret: 's' } }).success).toBe(true);
    expect(calls['profiles:test'].request.safeParse({ id: 'x', secret: 's' }).success).toBe(false);
  });
});

describe('the profile form spreads a pasted address over its fields', () => {
  const fields = (endpoint: string | null, bucket = '', rootPrefix = '') => ({ endpoint, bucket, rootPrefix });

  it('a Spaces Origin URL in the endpoint field picks the region, bucket and root folder', () => {
    expect(spreadPastedAddress(fields('https://media.sgp1.digitaloceanspaces.com/lib/'))).toEqual({
      spacesRegion: 'sgp1',
      endpoint: 'https://sgp1.digitaloceanspaces.com',
      bucket: 'media',
      rootPrefix: 'lib/',
      understood: 'endpoint https://sgp1.digitaloceanspaces.com, bucket “media”, root folder “lib/”',
    });
  });

  it('a path-style URL of another store keeps its endpoint; the CDN URL pasted as the bucket (region picker shown) works too', () => {
    expect(spreadPastedAddress(fields('http://127.0.0.1:9000/media/'))).toMatchObject({ spacesRegion: null, endpoint: 'http://127.0.0.1:9000', bucket: 'media' });
    expect(spreadPastedAddress(fields(null, 'https://photos.ams3.cdn.digitaloceanspaces.com'))).toMatchObject({ spacesRegion: 'ams3', bucket: 'photos' });
  });

  it('leaves plain fields, a typed root folder and a contradicting bucket alone', () => {
    expect(spreadPastedAddress(fields('https://s3.example.com'))).toBeNull();
    expect(spreadPastedAddress(fields(null, 'media'))).toBeNull();
    expect(spreadPastedAddress(fields('https://media.nyc3.digitaloceanspaces.com/x/', '', 'mine/'))?.rootPrefix).toBe('mine/');
    expect(spreadPastedAddress(fields('https://media.nyc3.digitaloceanspaces.com', 'photos'))).toBeNull();
  });
});
