/**
 * Connection profiles: the form schema (shared by the IPC contract, the
 * settings UI and the CLI) and the view main sends back. The secret key is a
 * write-only field of the form; no response type has a place for it.
 */
import { z } from 'zod';
import type { CapabilityCheck, CdnStatus } from './connection-check';
import type { ErrorInfo } from './errors';
import { parseEndpoint } from './endpoints';
import { addressInBucketField, parsePastedLocation } from './pasted-location';

export const PATH_STYLES = ['auto', 'path', 'virtual'] as const;
export const CDN_MODES = ['auto', 'custom', 'none'] as const;
export const UPLOAD_ACLS = ['private', 'public-read'] as const;
export type PathStyleChoice = (typeof PATH_STYLES)[number];
export type CdnMode = (typeof CDN_MODES)[number];
export type UploadAcl = (typeof UPLOAD_ACLS)[number];

/** The region the SDK signs with when an endpoint does not imply one. */
export const DEFAULT_REGION = 'us-east-1';

/** '' or a prefix ending in '/', without a leading '/'. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** The region to sign with: a Spaces endpoint decides it; other endpoints use what the user typed. */
export function regionFor(endpoint: string, typed: string | null | undefined): string {
  const info = parseEndpoint(endpoint);
  if (info?.isSpaces && info.region) return info.region;
  return typed?.trim() || DEFAULT_REGION;
}

const emptyToNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * S3 bucket naming rules (Spaces follows them): 3–63 characters, lowercase
 * letters, digits, dots and hyphens, starting and ending with a letter or digit.
 */
const bucketSchema = z
  .string()
  .trim()
  .min(1, 'Enter the bucket name.')
  .min(3, 'A bucket name has at least 3 characters.')
  .max(63, 'A bucket name has at most 63 characters.')
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'Use lowercase letters, digits, dots and hyphens; start and end with a letter or digit.');

const ENDPOINT_HINT = 'Enter a URL starting with https:// or http:// (e.g. https://nyc3.digitaloceanspaces.com).';

/** Checked in the form's refinement, where a pasted address may also fill bucket and prefix. */
const endpointSchema = z.string().trim().min(1, 'Choose a region or enter an endpoint URL.').max(300, 'That URL is too long.');

export interface ResolvedLocation {
  endpoint: string;
  bucket: string;
  rootPrefix: string;
  /** Field → message, for what cannot be resolved. */
  problems: Record<string, string>;
}

/**
 * Endpoint, bucket and root prefix from what was typed or pasted: an
 * endpoint (or bucket) field holding the panel's Origin or CDN URL, a
 * path-style URL or s3:// gives the bucket and prefix; what the person typed
 * in those fields wins, and a bucket that contradicts the address is an error.
 */
export function resolveLocation(fields: { endpoint: string; bucket: string; rootPrefix: string }): ResolvedLocation {
  const problems: Record<string, string> = {};
  const fromEndpoint = parsePastedLocation(fields.endpoint);
  const fromBucket = addressInBucketField(fields.bucket);
  const typedBucket = fromBucket ? '' : fields.bucket.trim();
  const endpoint = fromEndpoint?.endpoint ?? fromBucket?.endpoint ?? null;
  if (!endpoint && fields.endpoint.trim() !== '') {
    problems.endpoint =
      fromEndpoint?.form === 's3-uri'
        ? `s3:// names the bucket but not the server: enter the endpoint URL (e.g. https://nyc3.digitaloceanspaces.com).`
        : ENDPOINT_HINT;
  }
  const pastedBucket = fromEndpoint?.bucket ?? fromBucket?.bucket ?? null;
  if (typedBucket && pastedBucket && typedBucket !== pastedBucket) {
    problems.bucket = `The address names the bucket “${pastedBucket}”, but the bucket field says “${typedBucket}”: keep one.`;
  }
  const bucket = typedBucket || pastedBucket || '';
  if (!problems.bucket) {
    const checked = bucketSchema.safeParse(bucket);
    if (!checked.success) problems.bucket = checked.error.issues[0]?.message ?? 'Enter the bucket name.';
  }
  const pasted = fromEndpoint?.bucket ? fromEndpoint : fromBucket;
  const rootPrefix = fields.rootPrefix || normalizePrefix(pasted?.prefix ?? '');
  return { endpoint: endpoint ?? fields.endpoint.trim(), bucket, rootPrefix, problems };
}

/** A Cache-Control header value, the same check for a profile's default and an upload's own (one printable line). */
export const cacheControlSchema = z
  .string()
  .max(200, 'Keep Cache-Control under 200 characters.')
  .regex(/^[\x20-\x7e]+$/, 'Cache-Control is plain text, e.g. public, max-age=31536000.');

/** The profile form as the renderer and the CLI submit it. */
export const profileFormSchema = z
  .object({
    /** Present when editing a stored profile. */
    id: z.string().min(1).max(100).optional(),
    name: z.string().trim().min(1, 'Give the profile a name.').max(64, 'Keep the name under 64 characters.'),
    /** An endpoint URL; the panel's Origin/CDN URL or a path-style URL also gives the bucket and prefix. */
    endpoint: endpointSchema,
    /** Ignored for Spaces endpoints (the endpoint decides); defaults to us-east-1 elsewhere. */
    region: z
      .string()
      .trim()
      .max(40, 'That region is too long.')
      .regex(/^[a-z0-9-]*$/, 'A region is lowercase letters, digits and hyphens (e.g. us-east-1).')
      .nullish(),
    /** A name; may be left empty when the endpoint names the bucket. */
    bucket: z.string().trim().max(300, 'That bucket name is too long.'),
    rootPrefix: z
      .string()
      .max(512, 'Keep the root prefix under 512 characters.')
      .nullish()
      .transform((value) => normalizePrefix(value ?? '')),
    pathStyle: z.enum(PATH_STYLES).default('auto'),
    cdnMode: z.enum(CDN_MODES).default('auto'),
    cdnDomain: z
      .string()
      .max(300, 'That domain is too long.')
      .nullish()
      .transform(emptyToNull)
      .refine((value) => value === null || /^(https?:\/\/)?[a-z0-9.-]+(:\d+)?\/?$/i.test(value), 'Enter a domain like cdn.example.com.'),
    defaultAcl: z.enum(UPLOAD_ACLS).default('private'),
    cacheControl: z
      .string()
      .nullish()
      .transform(emptyToNull)
      .pipe(cacheControlSchema.nullable()),
    accessKeyId: z
      .string()
      .trim()
      .min(1, 'Enter the access key ID.')
      .max(128, 'That access key ID is too long.')
      .regex(/^\S+$/, 'An access key ID has no spaces.'),
    /** Write-only: sets or replaces the secret in the keychain. Omit to keep the stored one. */
    secret: z.string().min(1, 'Enter the secret key.').max(256, 'That secret key is too long.').optional(),
    /** Make this the active profile. */
    active: z.boolean().optional(),
  })
  .strict()
  .superRefine((form, ctx) => {
    if (form.cdnMode === 'custom' && !form.cdnDomain) {
      ctx.addIssue({ code: 'custom', path: ['cdnDomain'], message: 'Enter the CDN domain, or choose another CDN option.' });
    }
    if (typeof form.endpoint !== 'string' || typeof form.bucket !== 'string') return;
    for (const [field, message] of Object.entries(resolveLocation({ endpoint: form.endpoint, bucket: form.bucket, rootPrefix: form.rootPrefix ?? '' }).problems)) {
      ctx.addIssue({ code: 'custom', path: [field], message });
    }
  })
  .transform((form) => {
    const { endpoint, bucket, rootPrefix } = resolveLocation(form);
    return { ...form, endpoint, bucket, rootPrefix, region: regionFor(endpoint, form.region) };
  });

export type ProfileForm = z.input<typeof profileFormSchema>;
export type ProfileInput = z.output<typeof profileFormSchema>;

/** A profile as main shows it: never the secret, only whether one is stored. */
export interface ProfileView {
  id: string;
  name: string;
  endpoint: string;
  region: string;
  bucket: string;
  rootPrefix: string;
  pathStyle: PathStyleChoice;
  /** What pathStyle 'auto' resolves to for this endpoint and bucket. */
  usesPathStyle: boolean;
  cdnMode: CdnMode;
  cdnDomain: string | null;
  /** Where the CDN would serve from (the Spaces CDN or the custom domain), or null; links use it only when cdnStatus is 'on'. */
  cdnBase: string | null;
  /** Whether the CDN answered when the profile was last saved or checked. */
  cdnStatus: CdnStatus;
  cdnCheckedAt: number | null;
  defaultAcl: UploadAcl;
  cacheControl: string | null;
  accessKeyId: string;
  active: boolean;
  hasSecret: boolean;
  isSpaces: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ProfileList {
  profiles: ProfileView[];
  activeId: string | null;
  /** Set when the keychain cannot be read (hasSecret is then false everywhere): what to do about it. */
  keychainProblem: string | null;
}

export type ConnectionTestResult =
  | {
      ok: true;
      host: string;
      bucket: string;
      /** Keys seen by the one-key listing (0 or 1). */
      objectsVisible: number;
      /** True when the bucket holds more than the listing returned. */
      moreObjects: boolean;
      elapsedMs: number;
      /** Per capability: list, read, write and delete (only when asked to try a write), ACLs, CDN. */
      capabilities: CapabilityCheck[];
      /** What the CDN probe found (also stored on a saved profile). */
      cdnStatus: CdnStatus;
    }
  | { ok: false; host: string; bucket: string; error: ErrorInfo; capabilities?: CapabilityCheck[] };

/**
 * `profiles:test`: a stored profile by id, or an unsaved draft (its secret,
 * or the stored one of draft.id). `tryWrite`: also put and delete one small
 * probe object under the reserved `.spaces-media/` prefix.
 */
export const profileTestSchema = z.union([
  z.object({ id: z.string().min(1).max(100), tryWrite: z.boolean().optional() }).strict(),
  z.object({ draft: profileFormSchema, tryWrite: z.boolean().optional() }).strict(),
]);

/** Field-level messages for a form, from a failed parse: { bucket: 'A bucket name…' }. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}
