/**
 * Endpoint facts for DigitalOcean Spaces and other S3-compatible stores,
 * parsed with URL (the seed split the host on dots and got regions wrong).
 */

export const SPACES_REGIONS = ['ams3', 'atl1', 'blr1', 'fra1', 'lon1', 'nyc3', 'sfo2', 'sfo3', 'sgp1', 'syd1', 'tor1'] as const;
export type SpacesRegion = (typeof SPACES_REGIONS)[number];

const SPACES_SUFFIX = '.digitaloceanspaces.com';

export function spacesEndpoint(region: string): string {
  return `https://${region}${SPACES_SUFFIX}`;
}

export interface EndpointInfo {
  /** Normalised origin, e.g. https://nyc3.digitaloceanspaces.com */
  origin: string;
  host: string;
  hostname: string;
  /** A *.digitaloceanspaces.com API endpoint. */
  isSpaces: boolean;
  /** The Spaces region slug, when isSpaces. */
  region: string | null;
  /** localhost or an IP literal: virtual-hosted buckets cannot resolve there. */
  isLocalOrIp: boolean;
}

/** Parses an endpoint URL; null when it is not an http(s) URL. Never throws. */
export function parseEndpoint(endpoint: string): EndpointInfo | null {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const hostname = url.hostname.toLowerCase();
  const isSpaces = hostname.endsWith(SPACES_SUFFIX);
  // The region is the label right before the suffix: nyc3.digitaloceanspaces.com,
  // also when a bucket was left in front (media.nyc3.digitaloceanspaces.com) or
  // it is the CDN host (media.nyc3.cdn.digitaloceanspaces.com).
  const labels = isSpaces ? hostname.slice(0, -SPACES_SUFFIX.length).split('.') : [];
  if (labels[labels.length - 1] === 'cdn') labels.pop();
  const region = isSpaces ? (labels[labels.length - 1] ?? null) : null;
  const isLocalOrIp =
    hostname === 'localhost' || hostname.endsWith('.localhost') || /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
  return { origin: url.origin, host: url.host, hostname, isSpaces, region: region || null, isLocalOrIp };
}

/**
 * Virtual-hosted style for Spaces (CDN-signed links need it); path style for
 * localhost/IP endpoints and bucket names with dots (TLS wildcard mismatch).
 */
export function defaultPathStyle(endpoint: string, bucket: string): boolean {
  const info = parseEndpoint(endpoint);
  if (!info) return true;
  if (bucket.includes('.')) return true;
  // Other S3-compatible stores (MinIO, local servers, IPs) rarely have wildcard DNS.
  return !info.isSpaces;
}

export interface PublicUrlSettings {
  endpoint: string;
  bucket: string;
  /** 'auto' (Spaces CDN), 'custom' (cdnDomain), 'none' */
  cdnMode: string;
  cdnDomain: string | null;
  pathStyle: boolean;
}

/**
 * The Spaces wildcard certificate covers one label (spaces.md): a bucket
 * name with a dot cannot be served virtual-hosted or through the Spaces CDN
 * over HTTPS.
 */
export function hostableBucket(bucket: string): boolean {
  return !bucket.includes('.');
}

/**
 * `https://BUCKET.REGION.cdn.digitaloceanspaces.com`, the custom domain, or
 * null. This is where the CDN would be; whether it answers is the profile's
 * cdnStatus (links are offered only when it is 'on').
 */
export function cdnBase(settings: PublicUrlSettings): string | null {
  if (settings.cdnMode === 'none') return null;
  if (settings.cdnMode === 'custom') {
    const domain = settings.cdnDomain?.trim();
    if (!domain) return null;
    return (/^https?:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');
  }
  const info = parseEndpoint(settings.endpoint);
  if (!info?.isSpaces || !info.region || !hostableBucket(settings.bucket)) return null;
  return `https://${settings.bucket}.${info.region}.cdn${SPACES_SUFFIX}`;
}

/** Where objects are served from directly: virtual-hosted or path style. */
export function originBase(settings: Pick<PublicUrlSettings, 'endpoint' | 'bucket' | 'pathStyle'>): string | null {
  const info = parseEndpoint(settings.endpoint);
  if (!info) return null;
  if (settings.pathStyle || (info.origin.startsWith('https:') && !hostableBucket(settings.bucket))) return `${info.origin}/${encodeURIComponent(settings.bucket)}`;
  const scheme = info.origin.slice(0, info.origin.indexOf('//') + 2);
  return `${scheme}${settings.bucket}.${info.host}`;
}
