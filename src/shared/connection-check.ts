/**
 * The connection check's report: per capability the app relies on, whether
 * this key may use it here, the store's own answer, and what that means for
 * the app. Bucket-scoped Spaces keys can list and read but not touch ACLs
 * (spaces.md); the check says so instead of failing.
 */

export const CAPABILITIES = ['list', 'read', 'write', 'delete', 'readAcl', 'setAcl', 'cdn'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * ok; denied (403 from the store); unsupported (the store does not do it:
 * 501/405, or the CDN is off); skipped (not tried, the detail says why);
 * failed (any other error, e.g. the network).
 */
export type CapabilityStatus = 'ok' | 'denied' | 'unsupported' | 'skipped' | 'failed';

export interface CapabilityCheck {
  capability: Capability;
  /** For people: "List the bucket". */
  label: string;
  status: CapabilityStatus;
  /** The store's own error code (AccessDenied, NotImplemented…), or "HTTP 404" when its answer had no body. */
  storeCode: string | null;
  /** What was tried and what came back. */
  detail: string;
  /** What it means for the app: "Share links: presigned only, public links unavailable with this key." */
  impact: string;
}

/** Whether the profile's CDN answered: CDN links are offered only when 'on'. */
export const CDN_STATUSES = ['unknown', 'on', 'off'] as const;
export type CdnStatus = (typeof CDN_STATUSES)[number];

/** The reserved prefix (below the root prefix) for the check's probe object; sync leaves it out of the library. */
export const RESERVED_PREFIX = '.spaces-media/';

export const CAPABILITY_LABELS: Record<Capability, string> = {
  list: 'List the bucket',
  read: 'Read files',
  write: 'Upload (write)',
  delete: 'Delete',
  readAcl: 'Read access (ACL)',
  setAcl: 'Change access (ACL)',
  cdn: 'CDN',
};
