import { describe, expect, it } from 'vitest';
import { canonicalEndpoint, describeLocation, parsePastedLocation, type LocationForm } from '../../src/shared/pasted-location';

const NYC3 = 'https://nyc3.digitaloceanspaces.com';

/** What people paste where an endpoint is asked for, and what it must become. */
const TABLE: [input: string, form: LocationForm, endpoint: string | null, bucket: string | null, prefix: string][] = [
  // The Spaces panel's "Origin Endpoint", as shown and as it gets mangled.
  ['https://media.nyc3.digitaloceanspaces.com', 'spaces-origin', NYC3, 'media', ''],
  ['https://media.nyc3.digitaloceanspaces.com/', 'spaces-origin', NYC3, 'media', ''],
  ['https://media.nyc3.digitaloceanspaces.com///', 'spaces-origin', NYC3, 'media', ''],
  ['  https://Media.NYC3.DigitalOceanSpaces.com  ', 'spaces-origin', NYC3, 'media', ''],
  ['media.nyc3.digitaloceanspaces.com', 'spaces-origin', NYC3, 'media', ''],
  ['https://media.nyc3.digitaloceanspaces.com:443/', 'spaces-origin', NYC3, 'media', ''],
  ['https://media.nyc3.digitaloceanspaces.com/library', 'spaces-origin', NYC3, 'media', 'library/'],
  ['https://media.nyc3.digitaloceanspaces.com/library/2024//', 'spaces-origin', NYC3, 'media', 'library/2024/'],
  ['https://media.nyc3.digitaloceanspaces.com/alice/beach%20day/', 'spaces-origin', NYC3, 'media', 'alice/beach day/'],
  ['https://media.nyc3.digitaloceanspaces.com/alice/photo.jpg?X-Amz-Signature=abc#frag', 'spaces-origin', NYC3, 'media', 'alice/'],
  ['https://my-space.fra1.digitaloceanspaces.com', 'spaces-origin', 'https://fra1.digitaloceanspaces.com', 'my-space', ''],
  // A dotted bucket (valid, though the wildcard certificate will not cover it virtual-hosted).
  ['https://my.bucket.ams3.digitaloceanspaces.com/x/', 'spaces-origin', 'https://ams3.digitaloceanspaces.com', 'my.bucket', 'x/'],
  // The CDN endpoint.
  ['https://media.nyc3.cdn.digitaloceanspaces.com', 'spaces-cdn', NYC3, 'media', ''],
  ['https://media.nyc3.cdn.digitaloceanspaces.com/library/', 'spaces-cdn', NYC3, 'media', 'library/'],
  ['media.sgp1.cdn.digitaloceanspaces.com/a/b', 'spaces-cdn', 'https://sgp1.digitaloceanspaces.com', 'media', 'a/b/'],
  // The real endpoint, with or without a path-style bucket.
  ['https://nyc3.digitaloceanspaces.com', 'spaces-endpoint', NYC3, null, ''],
  ['https://nyc3.digitaloceanspaces.com/', 'spaces-endpoint', NYC3, null, ''],
  ['nyc3.digitaloceanspaces.com', 'spaces-endpoint', NYC3, null, ''],
  ['https://nyc3.digitaloceanspaces.com/media', 'path-style', NYC3, 'media', ''],
  ['https://nyc3.digitaloceanspaces.com/media/', 'path-style', NYC3, 'media', ''],
  ['https://nyc3.digitaloceanspaces.com/media/library/raw', 'path-style', NYC3, 'media', 'library/raw/'],
  ['https://nyc3.digitaloceanspaces.com/my.bucket/', 'path-style', NYC3, 'my.bucket', ''],
  // s3:// names a bucket but no server.
  ['s3://media', 's3-uri', null, 'media', ''],
  ['s3://media/', 's3-uri', null, 'media', ''],
  ['s3://media/library/2024', 's3-uri', null, 'media', 'library/2024/'],
  // Other stores: custom domains, ports, local servers, IPs, path style.
  ['https://s3.example.com', 'endpoint', 'https://s3.example.com', null, ''],
  ['https://s3.example.com:9000/', 'endpoint', 'https://s3.example.com:9000', null, ''],
  ['https://s3.example.com:9000/media/library/', 'path-style', 'https://s3.example.com:9000', 'media', 'library/'],
  ['https://files.example.org/photos', 'path-style', 'https://files.example.org', 'photos', ''],
  ['http://127.0.0.1:4568', 'endpoint', 'http://127.0.0.1:4568', null, ''],
  ['127.0.0.1:4568/media/', 'path-style', 'http://127.0.0.1:4568', 'media', ''],
  ['localhost:9000', 'endpoint', 'http://localhost:9000', null, ''],
  ['http://localhost:9000/media/lib/', 'path-style', 'http://localhost:9000', 'media', 'lib/'],
  ['http://[::1]:9000/media', 'path-style', 'http://[::1]:9000', 'media', ''],
  // AWS, both styles.
  ['https://media.s3.us-west-2.amazonaws.com/lib/', 'aws-virtual', 'https://s3.us-west-2.amazonaws.com', 'media', 'lib/'],
  ['https://s3.eu-central-1.amazonaws.com/media', 'path-style', 'https://s3.eu-central-1.amazonaws.com', 'media', ''],
];

describe('parsePastedLocation', () => {
  it.each(TABLE)('%s → %s', (input, form, endpoint, bucket, prefix) => {
    expect(parsePastedLocation(input)).toMatchObject({ form, endpoint, bucket, prefix });
  });

  it('says what it left out, and refuses what is not an address', () => {
    expect(parsePastedLocation('https://media.nyc3.digitaloceanspaces.com/alice/photo.jpg')).toMatchObject({ prefix: 'alice/', droppedFile: 'photo.jpg' });
    for (const junk of ['', '   ', 'nyc3', 'ftp://media.nyc3.digitaloceanspaces.com', 'not a url', 'https://', 'mailto:x@example.com']) {
      expect(parsePastedLocation(junk), junk).toBeNull();
    }
  });

  it('describes what it understood, for the form', () => {
    expect(describeLocation(parsePastedLocation('https://media.nyc3.cdn.digitaloceanspaces.com/library/')!)).toBe(
      'endpoint https://nyc3.digitaloceanspaces.com, bucket “media”, root folder “library/” (from the CDN address)',
    );
  });

  it('canonicalises a stored endpoint that kept the bucket, and leaves others alone', () => {
    expect(canonicalEndpoint('https://media.nyc3.digitaloceanspaces.com', 'media')).toBe(NYC3);
    expect(canonicalEndpoint(NYC3, 'media')).toBe(NYC3);
    expect(canonicalEndpoint('https://other.nyc3.digitaloceanspaces.com', 'media')).toBe('https://other.nyc3.digitaloceanspaces.com');
    expect(canonicalEndpoint('http://127.0.0.1:9000', 'media')).toBe('http://127.0.0.1:9000');
  });
});
