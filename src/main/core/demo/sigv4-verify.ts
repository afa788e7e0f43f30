/**
 * Checks an AWS Signature Version 4 (the Authorization header, or a
 * presigned URL's query) against the one credential the demo server knows:
 * it recomputes the signature over what was received, as S3 does, and
 * compares in constant time. Small on purpose: the demo needs nothing but
 * "signed with our random key, not expired"; the request it verifies was
 * signed by the AWS SDK (tested against it).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Credential {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  method: string;
  /** The raw request target: path and query exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** How far a signed date may be from the server's clock (S3 allows 15 minutes). */
const CLOCK_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 unreserved characters stay; everything else is %XX (SigV4's encoding). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** "20260101T120000Z" → epoch ms, or NaN. */
function amzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

/** True when `request` carries a valid SigV4 signature by `credential`, made within the clock skew (or unexpired, presigned). */
export function verifySigV4(request: SignedRequest, credential: Credential, now = Date.now()): boolean {
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  const rawQuery = q === -1 ? '' : request.url.slice(q + 1);
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode(eq === -1 ? part : part.slice(0, eq));
    const value = decode(eq === -1 ? '' : part.slice(eq + 1));
    if (key === null || value === null) return false;
    pairs.push([key, value]);
  }
  const query = new Map(pairs);

  let credentialText: string;
  let signedHeaders: string;
  let signature: string;
  let date: string;
  let payloadHash: string;
  const presigned = query.get('X-Amz-Algorithm') === ALGORITHM;
  if (presigned) {
    credentialText = query.get('X-Amz-Credential') ?? '';
    signedHeaders = query.get('X-Amz-SignedHeaders') ?? '';
    signature = query.get('X-Amz-Signature') ?? '';
    date = query.get('X-Amz-Date') ?? '';
    payloadHash = 'UNSIGNED-PAYLOAD';
    const expires = Number(query.get('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) return false;
    const signedAt = amzDate(date);
    if (!(signedAt - CLOCK_SKEW_MS <= now && now <= signedAt + expires * 1000)) return false;
  } else {
    const auth = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(header(request.headers, 'authorization') ?? '');
    if (!auth) return false;
    [, credentialText, signedHeaders, signature] = auth as unknown as [string, string, string, string];
    date = header(request.headers, 'x-amz-date') ?? '';
    payloadHash = header(request.headers, 'x-amz-content-sha256') ?? '';
    if (!payloadHash) return false;
    if (Math.abs(amzDate(date) - now) > CLOCK_SKEW_MS) return false;
  }

  const [keyId, day, region, service, terminator, ...extra] = credentialText.split('/');
  if (keyId !== credential.accessKeyId || !day || !region || service !== 's3' || terminator !== 'aws4_request' || extra.length > 0) return false;
  if (!date.startsWith(day)) return false;
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return false;

  const canonicalQuery = pairs
    .filter(([key]) => !(presigned && key === 'X-Amz-Signature'))
    .map(([key, value]) => [encode(key), encode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalHeaders = names.map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = [ALGORITHM, date, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credential.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
