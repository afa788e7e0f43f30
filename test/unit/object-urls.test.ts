import { describe, expect, it } from 'vitest';
import type { PublicUrlSettings } from '../../src/shared/endpoints';
import { attachmentDisposition } from '../../src/shared/links';
import { TRICKY_KEYS } from '../fixtures/tricky-keys';
import { cdnObjectUrl, encodeKeyPath, normalizeKey, originObjectUrl, type KeyResult } from '../../src/shared/object-urls';
import { seededRandom } from '../../src/shared/seeded-random';

const spaces: PublicUrlSettings = { endpoint: 'https://nyc3.digitaloceanspaces.com', bucket: 'media', cdnMode: 'auto', cdnDomain: null, pathStyle: false };
const custom: PublicUrlSettings = { ...spaces, cdnMode: 'custom', cdnDomain: 'https://cdn.example.com/library' };
const local: PublicUrlSettings = { endpoint: 'http://127.0.0.1:4568', bucket: 'media', cdnMode: 'none', cdnDomain: null, pathStyle: true };


/** Every URL form a person may paste for `key` under these settings. */
function forms(key: string): { name: string; settings: PublicUrlSettings; text: string; known?: boolean }[] {
  const originV = originObjectUrl(spaces, key)!;
  const originP = originObjectUrl({ ...spaces, pathStyle: true }, key)!;
  const cdn = cdnObjectUrl(spaces, key)!;
  const customCdn = cdnObjectUrl(custom, key)!;
  const presignedQuery = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=abc&x-id=GetObject';
  const out = [
    { name: 'bare key', settings: spaces, text: key, known: true },
    // With the index as tie-breaker, as the app and CLI use it (a key may start with "/" or a space).
    { name: 'percent-encoded key', settings: spaces, text: encodeKeyPath(key), known: true },
    { name: 's3:// URL', settings: spaces, text: `s3://media/${key}`, known: true },
    { name: 'origin, virtual-hosted', settings: spaces, text: originV },
    { name: 'origin, path style', settings: spaces, text: originP },
    { name: 'origin over http', settings: spaces, text: originV.replace('https:', 'http:') },
    { name: 'Spaces CDN', settings: spaces, text: cdn },
    { name: 'Spaces CDN with a custom domain configured', settings: custom, text: cdn },
    { name: 'custom CDN domain', settings: custom, text: customCdn },
    { name: 'local path style', settings: local, text: originObjectUrl(local, key)! },
  ];
  for (const f of out.filter((f) => f.text.startsWith('http'))) {
    out.push({ ...f, name: `${f.name} + presigned query`, text: f.text + presignedQuery });
    out.push({ ...f, name: `${f.name} + fragment`, text: `${f.text}#t=10` });
  }
  return out;
}

function roundTrip(key: string): void {
  for (const form of forms(key)) {
    const result = normalizeKey(form.text, form.settings, form.known ? { isKnownKey: (k) => k === key } : {});
    expect(result, `${form.name}: ${form.text}`).toEqual({ ok: true, key } satisfies KeyResult);
  }
}


const PIECES = [
  ...'abcXYZ019-_.~ +%#?&=;:@$,!\'()*[]{}<>|^`"\\\t',
  '%20', '%2F', '%25', '😀', '👩‍👩‍👧', 'é', 'e\u0301', 'ß', 'Ж', '漢', 'ア', 'ع', 'א', '\u200b', '/',
];

function randomKey(next: () => number): string {
  const length = 1 + Math.floor(next() * 40);
  let key = '';
  for (let i = 0; i < length; i++) key += PIECES[Math.floor(next() * PIECES.length)];
  return key.endsWith('/') ? `${key}x` : key; // a trailing slash is a folder, not a file
}

describe('object URLs and key normalisation', () => {
  it('encodes each key segment on its own, as SigV4 does', () => {
    expect(encodeKeyPath('a b/c+d/e%f#g?h/😀')).toBe('a%20b/c%2Bd/e%25f%23g%3Fh/%F0%9F%98%80');
    expect(encodeKeyPath("it's (1)*!")).toBe('it%27s%20%281%29%2A%21');
    expect(originObjectUrl(spaces, 'a b/c.jpg')).toBe('https://media.nyc3.digitaloceanspaces.com/a%20b/c.jpg');
    expect(cdnObjectUrl(spaces, 'a b/c.jpg')).toBe('https://media.nyc3.cdn.digitaloceanspaces.com/a%20b/c.jpg');
    expect(cdnObjectUrl(custom, 'a b/c.jpg')).toBe('https://cdn.example.com/library/a%20b/c.jpg');
    expect(cdnObjectUrl(local, 'a')).toBeNull();
    expect(originObjectUrl(local, '#1')).toBe('http://127.0.0.1:4568/media/%231');
  });

  it.each(TRICKY_KEYS)('round-trips every URL form of %j', (key) => roundTrip(key));

  it('round-trips every URL form of 500 seeded random keys', () => {
    const next = seededRandom(20261128);
    for (let i = 0; i < 500; i++) roundTrip(randomKey(next));
  });

  it('reads a bare %XX text as encoded unless the index knows it literally', () => {
    expect(normalizeKey('alice/post/a%20b.jpg', spaces)).toEqual({ ok: true, key: 'alice/post/a b.jpg' });
    expect(normalizeKey('alice/post/a%20b.jpg', spaces, { isKnownKey: (k) => k === 'alice/post/a%20b.jpg' })).toEqual({
      ok: true,
      key: 'alice/post/a%20b.jpg',
    });
    // Has a space, so it was never URL-encoded: taken literally.
    expect(normalizeKey('alice/100% real.jpg', spaces)).toEqual({ ok: true, key: 'alice/100% real.jpg' });
    expect(normalizeKey('  /alice/a.jpg  ', spaces)).toEqual({ ok: true, key: 'alice/a.jpg' });
  });

  it('refuses URLs of another bucket or host with FOREIGN_URL, and nonsense with INVALID_INPUT', () => {
    const foreign = [
      'https://other.nyc3.digitaloceanspaces.com/a.jpg',
      'https://nyc3.digitaloceanspaces.com/other/a.jpg',
      'https://media.fra1.digitaloceanspaces.com/a.jpg',
      'https://other.nyc3.cdn.digitaloceanspaces.com/a.jpg',
      'https://example.com/a.jpg',
      's3://other/a.jpg',
    ];
    for (const text of foreign) expect(normalizeKey(text, spaces), text).toMatchObject({ ok: false, code: 'FOREIGN_URL' });
    // The custom domain only covers its base path.
    expect(normalizeKey('https://cdn.example.com/elsewhere/a.jpg', custom)).toMatchObject({ ok: false, code: 'FOREIGN_URL' });

    const invalid = ['', '   ', 'alice/post/', 'https://media.nyc3.digitaloceanspaces.com/', 'https://media.nyc3.digitaloceanspaces.com/a%zz.jpg', 'http://[::1', 'a'.repeat(1025), 'a\uD800b'];
    for (const text of invalid) expect(normalizeKey(text, spaces), JSON.stringify(text)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });

  it('resolves links for a profile saved with the bucket in its endpoint (the panel’s Origin URL pasted before it was split)', () => {
    const legacy: PublicUrlSettings = { ...spaces, endpoint: 'https://media.nyc3.digitaloceanspaces.com' };
    for (const text of [
      'https://media.nyc3.digitaloceanspaces.com/alice/a%20b.jpg',
      'https://media.nyc3.cdn.digitaloceanspaces.com/alice/a%20b.jpg',
      'https://nyc3.digitaloceanspaces.com/media/alice/a%20b.jpg',
      's3://media/alice/a b.jpg',
    ]) {
      expect(normalizeKey(text, legacy), text).toEqual({ ok: true, key: 'alice/a b.jpg' });
    }
    expect(normalizeKey('https://media.media.nyc3.digitaloceanspaces.com/a.jpg', legacy)).toMatchObject({ ok: false, code: 'FOREIGN_URL' });
  });

  it('never throws, whatever it is given', () => {
    const next = seededRandom(7);
    const junk = ['%', '%%%', 'http://', 'https://:@/', 's3://', 'https://media.nyc3.digitaloceanspaces.com/%E0%A4%A', '\u0000', '?#', null, 42, undefined];
    for (const text of junk) expect(() => normalizeKey(text as string, spaces)).not.toThrow();
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < 30; j++) text += String.fromCharCode(Math.floor(next() * 0xffff));
      expect(() => normalizeKey(text, spaces)).not.toThrow();
      expect(() => normalizeKey(`https://media.nyc3.digitaloceanspaces.com/${text}`, custom)).not.toThrow();
    }
  });

  it('writes an attachment disposition with an ASCII fallback and an RFC 5987 name', () => {
    expect(attachmentDisposition('фото 1.jpg')).toBe(`attachment; filename="____ 1.jpg"; filename*=UTF-8''%D1%84%D0%BE%D1%82%D0%BE%201.jpg`);
    expect(attachmentDisposition('a "b"\\c (1).jpg')).toBe(`attachment; filename="a _b__c (1).jpg"; filename*=UTF-8''a%20%22b%22%5Cc%20%281%29.jpg`);
  });
  it('reads a pasted link with backslashes, tabs or newlines as a browser opens it', () => {
    // What the browser opens: WHATWG URL (Node's is the same parser Chromium follows).
    const opened = (text: string) => {
      const url = new URL(text);
      return { host: url.host, key: decodeURIComponent(url.pathname.slice(1)) };
    };
    const cases: [string, KeyResult][] = [
      ['https://media.nyc3.digitaloceanspaces.com\\alice\\a.jpg', { ok: true, key: 'alice/a.jpg' }],
      ['https:\\\\media.nyc3.digitaloceanspaces.com\\alice/a.jpg', { ok: true, key: 'alice/a.jpg' }],
      ['https://media.nyc3.digitaloceanspaces.com/ali\tce/a\n.jpg', { ok: true, key: 'alice/a.jpg' }],
      ['https://media.nyc3.cdn.digitaloceanspaces.com\\alice\\b.jpg?x=\\y', { ok: true, key: 'alice/b.jpg' }],
    ];
    for (const [text, expected] of cases) {
      expect(normalizeKey(text, spaces), JSON.stringify(text)).toEqual(expected);
      expect(opened(text).key).toBe(expected.ok && expected.key);
    }
    // The host a browser would ask is another one: never read as this bucket's.
    for (const text of ['https://evil.example\\@media.nyc3.digitaloceanspaces.com/alice/a.jpg', 'https://evil.example\\.media.nyc3.digitaloceanspaces.com/a.jpg']) {
      expect(opened(text).host).toBe('evil.example');
      expect(normalizeKey(text, spaces), text).toMatchObject({ ok: false, code: 'FOREIGN_URL' });
    }
  });
});
