/** Share links: shapes and rules both sides need (pure, no I/O). */

/** SigV4 presigned URLs are valid for at most 7 days. */
export const MAX_PRESIGN_SECONDS = 604_800;
export const MAX_PRESIGN_REASON = 'Presigned links last at most 7 days: that is the limit of S3 request signing (SigV4).';

export const EXPIRY_PRESETS = [
  { seconds: 3_600, label: '1 hour' },
  { seconds: 21_600, label: '6 hours' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 259_200, label: '3 days' },
  { seconds: 604_800, label: '7 days' },
] as const;

export const DEFAULT_EXPIRY_SECONDS = 86_400;

/** How long "Recently shared" looks back. */
export const RECENT_WINDOW_MS = 7 * 24 * 3_600_000;

/** presigned: signed GET that expires; public: the origin URL; cdn: the CDN (or custom domain) URL. */
export type LinkKind = 'presigned' | 'public' | 'cdn';

export interface ShareLink {
  key: string;
  url: string;
  kind: LinkKind;
  /** Epoch ms; null for public and CDN links (they last while the object is public). */
  expiresAt: number | null;
  createdAt: number;
  /** The presigned link downloads with the original file name instead of opening inline. */
  download: boolean;
}

export interface CopiedLinks {
  /** Exactly what was written to the clipboard: one URL a line. */
  text: string;
  links: ShareLink[];
  /** The earliest expiry among the links, or null when none expires. */
  expiresAt: number | null;
}

export interface SharedLinkRecord {
  id: number;
  key: string;
  url: string;
  kind: LinkKind;
  expiresAt: number | null;
  createdAt: number;
}

export interface ObjectAccess {
  key: string;
  /** null: the store would not say (a bucket-scoped key may not read or change ACLs). */
  isPublic: boolean | null;
  /** Why isPublic is null, for people: one of the ACL_* texts below. */
  reason?: string;
}

/** Spaces answers 403 to object ACL reads with a bucket-scoped key (spaces.md): not a failure of the batch. */
export const ACL_READ_DENIED = 'unknown (this key cannot read ACLs)';
export const ACL_WRITE_DENIED = 'unknown (this key cannot change ACLs)';

/** What the share dialog needs to know about the active profile's URLs. */
export interface LinkOptions {
  profileName: string;
  bucket: string;
  /** e.g. https://media.nyc3.cdn.digitaloceanspaces.com; null unless the profile's CDN answered when last checked. */
  cdnBase: string | null;
  originBase: string | null;
  /** Why there is no CDN link (not set up, off, not checked yet, a dotted bucket), or null when there is one. */
  cdnNote: string | null;
}

/** The last path segment: the name a download gets. */
export function fileNameOf(key: string): string {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name === '' ? 'download' : name;
}

/**
 * `attachment` with the file name twice: a plain quoted ASCII fallback, and
 * RFC 5987 `filename*` (UTF-8, percent-encoded) that every current browser
 * prefers, so names in any script survive.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
