import { describe, expect, it } from 'vitest';
import { calls } from '../../src/shared/contract';
import { fieldErrors, normalizePrefix, profileFormSchema } from '../../src/shared/profile';

const base = { name: 'studio', endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', accessKeyId: 'DO00KEY' };

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

  it('accepts a secret only as the write-only field of save, and rejects unknown fields', () => {
    expect(calls['profiles:save'].request.safeParse({ ...base, secret: 's3cr3t' }).success).toBe(true);
    expect(calls['profiles:save'].request.safeParse({ ...base, secretAccessKey: 's3cr3t' }).success).toBe(false);
    expect(calls['profiles:test'].request.safeParse({ id: 'x' }).success).toBe(true);
    expect(calls['profiles:test'].request.safeParse({ draft: { ...base, secret: 's' } }).success).toBe(true);
    expect(calls['profiles:test'].request.safeParse({ id: 'x', secret: 's' }).success).toBe(false);
  });
});
