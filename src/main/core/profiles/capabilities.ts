/**
 * What this key may do in this bucket, one capability at a time, for the
 * connection check. Nothing a person owns is changed: reads use an object
 * the listing found; writes (only when asked) go to one small probe object
 * under the reserved `.spaces-media/` prefix, which is deleted again.
 */
import { DeleteObjectCommand, GetObjectAclCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { CAPABILITY_LABELS, RESERVED_PREFIX, type Capability, type CapabilityCheck, type CapabilityStatus, type CdnStatus } from '../../../shared/connection-check';
import { writeCannedAcl } from '../links/acl';
import type { S3Connection } from '../s3/connection';
import { sdkErrorName, toAppError } from '../s3/errors';
import { probeCdn } from './cdn-probe';

export interface ListedSample {
  key: string;
  size: number;
  etag?: string;
}

export interface CapabilityOptions {
  tryWrite: boolean;
  /** Where the CDN would be, or null with the reason it has none. */
  cdn: { base: string } | { base: null; reason: string };
}

/** What each outcome means for the app, per capability. */
const IMPACT: Record<Capability, Partial<Record<CapabilityStatus, string>>> = {
  list: {
    ok: 'Sync can index the library.',
    denied: 'Sync cannot list the bucket: the library cannot be indexed with this key.',
  },
  read: {
    ok: 'Thumbnails, the viewer and expiring links work.',
    denied: 'Thumbnails, the viewer and expiring links will fail (403) with this key.',
    skipped: 'Checked once the bucket holds a file, or with “Try a write”.',
  },
  write: {
    ok: 'Uploads work.',
    denied: 'Uploads will be refused: this key is read-only here.',
    skipped: 'Not tried: tick “Try a write” to check uploads.',
  },
  delete: {
    ok: 'Deleting files works.',
    denied: 'Files cannot be deleted with this key.',
    skipped: 'Checked with “Try a write”.',
  },
  readAcl: {
    ok: 'The share dialog can tell public files from private ones.',
    denied: 'Access shows as “unknown (this key cannot read ACLs)”; expiring links still work.',
    skipped: 'Checked once the bucket holds a file, or with “Try a write”.',
  },
  setAcl: {
    ok: 'Make public / make private work: public and CDN links are available.',
    denied: 'Share links: presigned only, public links unavailable with this key.',
    skipped: 'Not tried: the check changes access only on its own probe (tick “Try a write”).',
  },
  cdn: {
    ok: 'CDN links are offered.',
    unsupported: 'CDN links are not offered: the CDN does not answer for this bucket. Enable it in the Spaces panel, then check again.',
    skipped: 'CDN links are not offered.',
    failed: 'CDN links are not offered until the CDN can be checked.',
  },
};

const GENERIC: Record<CapabilityStatus, string> = {
  ok: 'Works.',
  denied: 'This key may not do this here.',
  unsupported: 'The store does not support this request.',
  skipped: 'Not checked.',
  failed: 'Could not be checked; try again.',
};

function row(capability: Capability, status: CapabilityStatus, detail: string, storeCode: string | null = null): CapabilityCheck {
  return { capability, label: CAPABILITY_LABELS[capability], status, storeCode, detail, impact: IMPACT[capability][status] ?? GENERIC[status] };
}

/** An S3 error as a check outcome: 403 denied, 501/405 unsupported, anything else failed. */
export function outcomeOf(error: unknown, connection: S3Connection, key?: string): { status: CapabilityStatus; storeCode: string; message: string } {
  const mapped = toAppError(error, { ...connection, key });
  const httpStatus = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const name = sdkErrorName(error);
  const storeCode = name && !/^\d+$/.test(name) && name !== 'Unknown' ? name : httpStatus ? `HTTP ${httpStatus}` : mapped.code;
  const status: CapabilityStatus =
    mapped.code === 'ACCESS_DENIED' ? 'denied' : mapped.code === 'NOT_SUPPORTED' || httpStatus === 405 || name === 'MethodNotAllowed' ? 'unsupported' : 'failed';
  return { status, storeCode, message: mapped.message };
}

/**
 * Runs one probe. `tried` says what was asked ("Reading the ACL of “x”"),
 * `done` what happened when it worked; a refusal is reported in the store's
 * terms, not as an error to fix (a scoped key is allowed to be scoped).
 */
async function attempt(capability: Capability, connection: S3Connection, key: string, tried: string, done: string, run: () => Promise<unknown>): Promise<CapabilityCheck> {
  try {
    await run();
    return row(capability, 'ok', done);
  } catch (error) {
    const outcome = outcomeOf(error, connection, key);
    const httpStatus = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    const answer = httpStatus ? ` (HTTP ${httpStatus})` : '';
    const detail =
      outcome.status === 'denied'
        ? `${tried} was refused${answer}.`
        : outcome.status === 'unsupported'
          ? `${tried}: the store answered that it does not support this${answer}.`
          : `${tried} failed: ${outcome.message}`;
    return row(capability, outcome.status, detail, outcome.storeCode);
  }
}

const PROBE_BODY = Buffer.from('Spaces Media Manager connection check: safe to delete.\n');

/** Every capability but list (the caller listed already), in the order the report shows them. */
export async function checkCapabilities(
  client: S3Client,
  connection: S3Connection,
  sample: ListedSample | null,
  options: CapabilityOptions,
): Promise<{ checks: CapabilityCheck[]; cdnStatus: CdnStatus }> {
  const { bucket } = connection;
  const checks: CapabilityCheck[] = [];
  let probe: ListedSample | null = null;

  if (options.tryWrite) {
    const key = `${connection.rootPrefix}${RESERVED_PREFIX}connection-check-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}.txt`;
    const md5 = createHash('md5').update(PROBE_BODY);
    const write = await attempt('write', connection, key, `Putting a ${PROBE_BODY.length}-byte probe at “${key}”`, `Put a ${PROBE_BODY.length}-byte probe at “${key}”.`, () =>
      client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: PROBE_BODY, ContentType: 'text/plain', ContentMD5: md5.copy().digest('base64') })),
    );
    checks.push(write);
    if (write.status === 'ok') probe = { key, size: PROBE_BODY.length, etag: `"${md5.digest('hex')}"` };
  } else {
    checks.push(row('write', 'skipped', 'Nothing was written.'));
  }

  // Read what the listing found, else the probe; never more than one byte of a person's file.
  const target = sample ?? probe;
  if (!target) {
    checks.push(row('read', 'skipped', 'The bucket has no object below the root folder to read (tick “Try a write” to check with a probe).'));
  } else {
    checks.push(
      await attempt('read', connection, target.key, `Reading the first byte of “${target.key}”`, `Read the first byte of “${target.key}”.`, async () => {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: target.key, ...(target.size > 0 ? { Range: 'bytes=0-0' } : {}) }));
        await res.Body?.transformToByteArray();
      }),
    );
  }

  checks.push(
    target
      ? await attempt('readAcl', connection, target.key, `Reading the ACL of “${target.key}”`, `Read the ACL of “${target.key}”.`, () =>
          client.send(new GetObjectAclCommand({ Bucket: bucket, Key: target.key })),
        )
      : row('readAcl', 'skipped', 'No object to read the ACL of.'),
  );
  checks.push(
    probe
      ? await attempt('setAcl', connection, probe.key, `Setting the probe “${probe.key}” to private`, `Set the probe “${probe.key}” to private.`, () =>
          writeCannedAcl(client, bucket, probe.key, false),
        )
      : row('setAcl', 'skipped', 'Access is only ever changed on the check’s own probe object.'),
  );

  let cdnStatus: CdnStatus = 'unknown';
  if (options.cdn.base === null) {
    checks.push(row('cdn', 'skipped', options.cdn.reason));
  } else if (!target) {
    checks.push(row('cdn', 'skipped', 'No object to fetch through the CDN (tick “Try a write” to check with a probe).'));
  } else {
    const found = await probeCdn(connection, options.cdn.base, target.key, target.etag);
    cdnStatus = found.status;
    checks.push(row('cdn', found.status === 'on' ? 'ok' : found.status === 'off' ? 'unsupported' : 'failed', found.detail, found.status === 'on' ? null : found.storeCode));
  }

  if (probe) {
    const key = probe.key;
    const removed = await attempt('delete', connection, key, `Deleting the probe “${key}”`, `Deleted the probe “${key}”.`, () =>
      client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    );
    checks.push(removed.status === 'ok' ? removed : { ...removed, detail: `${removed.detail} The probe “${key}” was left behind; delete it in the Spaces panel.` });
  } else {
    checks.push(row('delete', 'skipped', 'Nothing was written, so nothing was deleted.'));
  }
  return { checks, cdnStatus };
}

/** The list row, from the listing the connection test made. */
export function listCheck(outcome: { ok: true; keys: number; prefix: string } | { ok: false; error: unknown; connection: S3Connection }): CapabilityCheck {
  if (outcome.ok) {
    const where = outcome.prefix ? `below “${outcome.prefix}”` : 'in the bucket';
    return row('list', 'ok', outcome.keys === 0 ? `Listed ${where}: empty.` : `Listed ${where}: objects are visible.`);
  }
  const { status, storeCode, message } = outcomeOf(outcome.error, outcome.connection);
  return row('list', status, message, storeCode);
}
