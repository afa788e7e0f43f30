/**
 * URLs of objects, and the way back: from whatever a person pastes (a key, a
 * percent-encoded key, an origin/CDN/custom-domain URL, a presigned link) to
 * the canonical key. The seed's signS3Key did this with string surgery; here
 * it is total (never throws) and says why when it refuses, in one line (what
 * was pasted is quoted through `printable`).
 */
import { cdnBase, originBase, parseEndpoint, type PublicUrlSettings } from './endpoints';
import { canonicalEndpoint } from './pasted-location';
import { printable } from './printable';

/** S3 refuses keys longer than this many UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * A key as a URL path: each segment percent-encoded on its own so `/` stays a
 * separator and `+ % # ? &`, spaces, emoji and other scripts are escaped.
 * encodeURIComponent leaves `! ' ( ) *` alone; they are escaped too, as
 * SigV4 does, so our links and the SDK's agree byte for byte.
 */
export function encodeKeyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** `base` + `/` + the encoded key. */
export function objectUrl(base: string, key: string): string {
  return `${base.replace(/\/+$/, '')}/${encodeKeyPath(key)}`;
}

/** The object at its origin (virtual-hosted or path style, as the profile connects). */
export function originObjectUrl(settings: PublicUrlSettings, key: string): string | null {
  const base = originBase(settings);
  return base === null ? null : objectUrl(base, key);
}

/** The object through the Spaces CDN or the profile's custom domain; null when the profile has none. */
export function cdnObjectUrl(settings: PublicUrlSettings, key: string): string | null {
  const base = cdnBase(settings);
  return base === null ? null : objectUrl(base, key);
}

export type KeyResult =
  | { ok: true; key: string }
  | { ok: false; code: 'INVALID_INPUT' | 'FOREIGN_URL'; message: string };

export interface NormalizeOptions {
  /**
   * Tie-breaker for bare text that is both a plausible key and a plausible
   * percent-encoded key (`a%41.jpg`): the index knows which one exists.
   */
  isKnownKey?: (key: string) => boolean;
}

function invalid(message: string): KeyResult {
  return { ok: false, code: 'INVALID_INPUT', message };
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function checkKey(key: string): KeyResult {
  if (key === '') return invalid('That link points at the bucket itself, not at a file.');
  if (key.endsWith('/')) return invalid(`“${printable(key)}” is a folder, not a file: pick a file inside it.`);
  if (/[\uD800-\uDFFF]/u.test(key)) return invalid('That key has a broken character (a lone UTF-16 surrogate).');
  if (utf8Length(key) > MAX_KEY_BYTES) return invalid(`That key is longer than S3's limit of ${MAX_KEY_BYTES} bytes.`);
  return { ok: true, key };
}

/** decodeURIComponent that answers null instead of throwing on a malformed escape. */
function tryDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Text that reads as a percent-encoded path: it has at least one %XX escape
 * and nothing a URL would have escaped (no spaces, no non-ASCII, no `#`/`?`).
 */
const ENCODED_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*(?:%[0-9A-Fa-f]{2}[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)+$/;

function normalizeBare(raw: string, options: NormalizeOptions): KeyResult {
  const known = options.isKnownKey;
  // A key may begin or end with spaces: an exact match in the index wins over trimming.
  if (known?.(raw)) return checkKey(raw);
  const text = raw.trim();
  if (text === '') return invalid('Paste a key or a link first.');
  if (known?.(text)) return checkKey(text);
  if (ENCODED_PATH.test(text)) {
    const decoded = tryDecode(text);
    if (decoded !== null) return checkKey(decoded);
  }
  // A path pasted with its leading slash ("/alice/a.jpg") means the key without it.
  if (text.startsWith('/')) {
    const stripped = text.replace(/^\/+/, '');
    if (!known?.(text)) return normalizeBare(stripped, options);
  }
  return checkKey(text);
}

/** The key from an encoded URL path ("/a%20b/c.jpg" → "a b/c.jpg"). */
function keyFromPath(path: string): KeyResult {
  const decoded = tryDecode(path.replace(/^\//, ''));
  if (decoded === null) return invalid('That link has a broken %-escape in its path.');
  return checkKey(decoded);
}

function sameHost(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * An http(s) URL's text as a browser reads it before parsing: tabs and
 * newlines anywhere are dropped, and a backslash before the query is a
 * slash (`https://host\a.jpg` opens /a.jpg; `https://evil\@host/` is
 * evil's). Without this the key read from the raw text and the host read by
 * URL could disagree with what the link opens.
 */
function asBrowserReads(text: string): string {
  const cleaned = text.replace(/[\t\n\r]/g, '');
  const queryAt = cleaned.search(/[?#]/);
  const head = queryAt === -1 ? cleaned : cleaned.slice(0, queryAt);
  return head.replace(/\\/g, '/') + (queryAt === -1 ? '' : cleaned.slice(queryAt));
}

/** The raw (still encoded) path of an absolute URL, without query or fragment. */
function rawPathOf(input: string): string {
  const afterScheme = input.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const end = afterScheme.search(/[?#]/);
  return end === -1 ? afterScheme : afterScheme.slice(0, end);
}

/**
 * Turns what a person pasted into the object's key for this profile. Accepts
 * a bare key, a percent-encoded key, `s3://bucket/key`, an origin URL
 * (virtual-hosted or path style), a Spaces CDN URL or the custom CDN domain,
 * each with or without a query string (a presigned link) or fragment.
 * A URL of another host or bucket is FOREIGN_URL. Never throws.
 */
export function normalizeKey(input: string, settings: PublicUrlSettings, options: NormalizeOptions = {}): KeyResult {
  if (typeof input !== 'string') return invalid('Expected a key or a link.');
  const s3 = /^s3:\/\/([^/]+)\/?(.*)$/is.exec(input.trimStart());
  if (s3) {
    if (s3[1] !== settings.bucket) return foreign(`That link is for the bucket “${printable(s3[1] ?? '')}”, not “${settings.bucket}”.`);
    return normalizeBare(s3[2] ?? '', options);
  }
  if (!/^https?:[\\/]{2}/i.test(input.trim())) return normalizeBare(input, options);
  const text = asBrowserReads(input.trim());

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('That looks like a link but is not a valid URL.');
  }
  // WHATWG URL resolves "." and ".." segments; the key is read from the raw text instead.
  const rawPath = rawPathOf(text);
  const host = url.host;

  for (const base of [cdnBase(settings)].filter((b): b is string => b !== null)) {
    const cdn = new URL(base);
    const basePath = cdn.pathname.replace(/\/+$/, '');
    if (sameHost(host, cdn.host) && (basePath === '' || rawPath.startsWith(`${basePath}/`))) {
      return keyFromPath(rawPath.slice(basePath.length));
    }
  }

  // A profile saved with the bucket in its endpoint (the panel's Origin URL) still resolves its own links.
  const endpoint = parseEndpoint(canonicalEndpoint(settings.endpoint, settings.bucket));
  if (!endpoint) return invalid('This profile has no valid endpoint; fix it in Settings.');
  const bucket = settings.bucket;
  if (sameHost(host, `${bucket}.${endpoint.host}`)) return keyFromPath(rawPath);
  if (endpoint.isSpaces && endpoint.region && sameHost(url.hostname, `${bucket}.${endpoint.region}.cdn.digitaloceanspaces.com`)) {
    return keyFromPath(rawPath);
  }
  if (sameHost(host, endpoint.host)) {
    const [first, ...rest] = rawPath.replace(/^\//, '').split('/');
    if (tryDecode(first ?? '') === bucket) return keyFromPath(`/${rest.join('/')}`);
    return foreign(`That link is for the bucket “${printable(tryDecode(first ?? '') ?? first ?? '')}” on ${endpoint.host}, not “${bucket}”.`);
  }
  return foreign(`That link is for ${url.host}, not this profile's bucket “${bucket}” on ${endpoint.host}.`);
}

function foreign(message: string): KeyResult {
  return { ok: false, code: 'FOREIGN_URL', message };
}
