/**
 * What a person pastes where an endpoint is asked for: often not the
 * endpoint. The Spaces panel shows each bucket's "Origin Endpoint"
 * (https://BUCKET.REGION.digitaloceanspaces.com) and CDN endpoint
 * (https://BUCKET.REGION.cdn.digitaloceanspaces.com); kept as the endpoint,
 * the SDK then asks BUCKET.BUCKET.REGION…, which fails TLS (spaces.md). This
 * reads any such address — origin or CDN, virtual-hosted or path style,
 * s3://, with a port, a path, trailing slashes, a query — as endpoint +
 * bucket + prefix. Total: never throws; null for what is not an address.
 */

import { SPACES_REGIONS, spacesEndpoint, type SpacesRegion } from './endpoints';

const SPACES_SUFFIX = '.digitaloceanspaces.com';

export type LocationForm =
  /** https://REGION.digitaloceanspaces.com, nothing else */
  | 'spaces-endpoint'
  /** https://BUCKET.REGION.digitaloceanspaces.com[/prefix] (the panel's Origin Endpoint) */
  | 'spaces-origin'
  /** https://BUCKET.REGION.cdn.digitaloceanspaces.com[/prefix] */
  | 'spaces-cdn'
  /** https://BUCKET.s3.REGION.amazonaws.com[/prefix] */
  | 'aws-virtual'
  /** s3://BUCKET[/prefix] */
  | 's3-uri'
  /** https://HOST[:PORT]/BUCKET[/prefix]: any other host, path style */
  | 'path-style'
  /** https://HOST[:PORT] alone */
  | 'endpoint';

export interface PastedLocation {
  form: LocationForm;
  /** The API endpoint's origin (https://nyc3.digitaloceanspaces.com); null for s3://, which names no host. */
  endpoint: string | null;
  bucket: string | null;
  /** '' or a prefix ending in '/'. */
  prefix: string;
  /** The Spaces (or AWS) region the host names. */
  region: string | null;
  /** A file name at the end of the path, left out of the prefix (an object's URL was pasted). */
  droppedFile: string | null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Looks like a file name (photo.jpg, clip.MP4), not a folder. */
const FILE_NAME = /\.[A-Za-z0-9]{1,5}$/;

/** Path segments (decoded, empty ones dropped) → prefix, leaving out a trailing file name. */
function prefixOf(segments: string[], endsWithSlash: boolean): { prefix: string; droppedFile: string | null } {
  const parts = segments.filter((s) => s !== '').map(decode);
  let droppedFile: string | null = null;
  if (!endsWithSlash && parts.length > 0 && FILE_NAME.test(parts[parts.length - 1]!)) droppedFile = parts.pop()!;
  return { prefix: parts.length === 0 ? '' : `${parts.join('/')}/`, droppedFile };
}

function isLocalOrIp(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

/** Reads a pasted endpoint, origin, CDN, path-style or s3:// address. */
export function parsePastedLocation(input: string): PastedLocation | null {
  const text = input.trim();
  if (text === '') return null;

  const s3 = /^s3:\/\/([^/?#]+)\/?([^?#]*)/i.exec(text);
  if (s3) {
    const { prefix, droppedFile } = prefixOf((s3[2] ?? '').split('/'), (s3[2] ?? '').endsWith('/') || s3[2] === '');
    return { form: 's3-uri', endpoint: null, bucket: s3[1]!.toLowerCase(), prefix, region: null, droppedFile };
  }

  // A bare host ("media.nyc3.digitaloceanspaces.com", "127.0.0.1:9000/media"): assume the usual scheme.
  let withScheme = text;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const host = text.split(/[/?#]/)[0]!.replace(/:\d+$/, '').toLowerCase();
    if (!/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/i.test(host) || !(host.includes('.') || host === 'localhost' || host.startsWith('['))) return null;
    withScheme = `${isLocalOrIp(host) ? 'http' : 'https'}://${text}`;
  }
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const hostname = url.hostname.toLowerCase().replace(/\.$/, '');
  const port = url.port ? `:${url.port}` : '';
  const segments = url.pathname.split('/');
  const endsWithSlash = url.pathname.endsWith('/');

  if (hostname.endsWith(SPACES_SUFFIX)) {
    const labels = hostname.slice(0, -SPACES_SUFFIX.length).split('.');
    const cdn = labels[labels.length - 1] === 'cdn';
    if (cdn) labels.pop();
    const region = labels.pop() ?? null;
    const endpoint = region ? `${url.protocol}//${region}${SPACES_SUFFIX}${port}` : null;
    if (labels.length > 0) {
      // BUCKET.REGION[.cdn].digitaloceanspaces.com: the bucket is everything before the region.
      return { form: cdn ? 'spaces-cdn' : 'spaces-origin', endpoint, bucket: labels.join('.'), region, ...prefixOf(segments, endsWithSlash) };
    }
    return pathStyle(endpoint, region, segments, endsWithSlash, 'spaces-endpoint');
  }

  const aws = /^(?:(.+)\.)?s3[.-](?:([a-z0-9-]+)\.)?amazonaws\.com$/.exec(hostname);
  if (aws) {
    const region = aws[2] && aws[2] !== 'dualstack' ? aws[2] : null;
    const endpoint = `https://s3.${region ? `${region}.` : ''}amazonaws.com`;
    if (aws[1]) return { form: 'aws-virtual', endpoint, bucket: aws[1], region, ...prefixOf(segments, endsWithSlash) };
    return pathStyle(endpoint, region, segments, endsWithSlash, 'endpoint');
  }

  return pathStyle(`${url.protocol}//${url.host.toLowerCase()}`, null, segments, endsWithSlash, 'endpoint');
}

/** HOST/BUCKET/prefix: the first path segment is the bucket. */
function pathStyle(endpoint: string | null, region: string | null, segments: string[], endsWithSlash: boolean, bare: LocationForm): PastedLocation {
  const parts = segments.filter((s) => s !== '');
  if (parts.length === 0) return { form: bare, endpoint, bucket: null, prefix: '', region, droppedFile: null };
  const [bucket, ...rest] = parts;
  return { form: 'path-style', endpoint, bucket: decode(bucket!).toLowerCase(), region, ...prefixOf(rest, endsWithSlash || rest.length === 0) };
}

/** A bucket field that holds an address rather than a name (the panel's Origin URL pasted there), read; else null. */
export function addressInBucketField(bucket: string): PastedLocation | null {
  if (!/:\/\/|\.(digitaloceanspaces|amazonaws)\.com(\/|$)/i.test(bucket)) return null;
  const location = parsePastedLocation(bucket);
  return location?.bucket ? location : null;
}

/** The endpoint a stored profile should use: a Spaces origin with the bucket in front loses it. */
export function canonicalEndpoint(endpoint: string, bucket: string): string {
  const location = parsePastedLocation(endpoint);
  if (!location?.endpoint) return endpoint;
  if ((location.form === 'spaces-origin' || location.form === 'spaces-cdn') && location.bucket === bucket) return location.endpoint;
  return endpoint;
}

/** "endpoint https://nyc3.digitaloceanspaces.com, bucket “media”, root folder “library/”" — what the form shows it understood. */
export function describeLocation(location: PastedLocation): string {
  const parts: string[] = [];
  if (location.endpoint) parts.push(`endpoint ${location.endpoint}`);
  if (location.bucket) parts.push(`bucket “${location.bucket}”`);
  if (location.prefix) parts.push(`root folder “${location.prefix}”`);
  let text = parts.join(', ');
  if (location.form === 'spaces-cdn') text += ' (from the CDN address)';
  if (location.droppedFile) text += ` — the file name “${location.droppedFile}” was left out`;
  return text;
}

export interface SpreadAddress {
  /** Set when the address is a Spaces region's: the form shows its region picker. */
  spacesRegion: SpacesRegion | null;
  endpoint: string;
  bucket: string;
  rootPrefix: string;
  /** describeLocation's text, for the form to show. */
  understood: string;
}

/**
 * An address pasted into a form's endpoint field (`endpoint`, null when the
 * form shows a region picker instead) or bucket field, spread over the fields
 * it stands for. Null when there is nothing to spread, or when a typed bucket
 * contradicts it (the form's check then says so). A typed root folder wins.
 */
export function spreadPastedAddress(fields: { endpoint: string | null; bucket: string; rootPrefix: string }): SpreadAddress | null {
  const fromEndpoint = fields.endpoint === null ? null : parsePastedLocation(fields.endpoint);
  const fromBucket = addressInBucketField(fields.bucket);
  const location = fromEndpoint?.bucket ? fromEndpoint : fromBucket;
  if (!location?.endpoint || !location.bucket) return null;
  const typedBucket = location === fromBucket ? '' : fields.bucket.trim();
  if (typedBucket && typedBucket !== location.bucket) return null;
  const region = SPACES_REGIONS.find((r) => r === location.region) ?? null;
  return {
    spacesRegion: region && location.endpoint === spacesEndpoint(region) ? region : null,
    endpoint: location.endpoint,
    bucket: location.bucket,
    rootPrefix: fields.rootPrefix.trim() || location.prefix,
    understood: describeLocation(location),
  };
}
