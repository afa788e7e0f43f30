import { describe, expect, it } from 'vitest';
import { cdnBase, defaultPathStyle, originBase, parseEndpoint, SPACES_REGIONS, spacesEndpoint } from '../../src/shared/endpoints';

describe('endpoints', () => {
  it('derives the region of every Spaces endpoint from the host, not by splitting on dots', () => {
    for (const region of SPACES_REGIONS) expect(parseEndpoint(spacesEndpoint(region))?.region).toBe(region);
    expect(parseEndpoint('https://media.fra1.digitaloceanspaces.com')?.region).toBe('fra1');
    expect(parseEndpoint('http://127.0.0.1:4568')).toMatchObject({ isSpaces: false, region: null, isLocalOrIp: true });
    expect(parseEndpoint('not a url')).toBeNull();
    expect(parseEndpoint('ftp://x')).toBeNull();
  });

  it('picks virtual-hosted style for Spaces and path style for local hosts and dotted buckets', () => {
    expect(defaultPathStyle('https://nyc3.digitaloceanspaces.com', 'media')).toBe(false);
    expect(defaultPathStyle('https://nyc3.digitaloceanspaces.com', 'media.example.com')).toBe(true);
    expect(defaultPathStyle('http://localhost:9000', 'media')).toBe(true);
  });

  it('builds CDN and origin bases (the seed stored the origin as "CDN")', () => {
    const spaces = { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', cdnMode: 'auto', cdnDomain: null, pathStyle: false };
    expect(cdnBase(spaces)).toBe('https://media.nyc3.cdn.digitaloceanspaces.com');
    expect(originBase(spaces)).toBe('https://media.nyc3.digitaloceanspaces.com');
    expect(cdnBase({ ...spaces, cdnMode: 'custom', cdnDomain: 'cdn.example.com/' })).toBe('https://cdn.example.com');
    expect(cdnBase({ ...spaces, cdnMode: 'none' })).toBeNull();
    expect(cdnBase({ ...spaces, endpoint: 'http://127.0.0.1:9000' })).toBeNull();
    expect(originBase({ endpoint: 'http://127.0.0.1:9000', bucket: 'media', pathStyle: true })).toBe('http://127.0.0.1:9000/media');
  });

  it('gives a dotted bucket no Spaces CDN and no virtual-hosted origin (the wildcard certificate covers one label)', () => {
    const dotted = { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'my.media', cdnMode: 'auto', cdnDomain: null, pathStyle: false };
    expect(cdnBase(dotted)).toBeNull();
    expect(originBase(dotted)).toBe('https://nyc3.digitaloceanspaces.com/my.media');
    // A custom CDN domain has its own certificate; plain HTTP has none to mismatch.
    expect(cdnBase({ ...dotted, cdnMode: 'custom', cdnDomain: 'cdn.example.com' })).toBe('https://cdn.example.com');
    expect(originBase({ ...dotted, endpoint: 'http://localhost:9000' })).toBe('http://my.media.localhost:9000');
  });

  it('reads the region of a pasted CDN host too', () => {
    expect(parseEndpoint('https://media.sgp1.cdn.digitaloceanspaces.com')?.region).toBe('sgp1');
  });
});
