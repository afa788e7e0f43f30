/**
 * A profile as the app shows it (never the secret, only whether one is
 * stored), and an unsaved form as a row, for testing it before it is saved.
 */
import { cdnBase, parseEndpoint } from '../../../shared/endpoints';
import type { CdnStatus } from '../../../shared/connection-check';
import type { CdnMode, PathStyleChoice, ProfileInput, ProfileView, UploadAcl } from '../../../shared/profile';
import type { ProfileRow } from '../repositories/profiles';
import { usesPathStyle } from './connection';

export function toProfileView(row: ProfileRow, hasSecret: boolean): ProfileView {
  const pathStyle = usesPathStyle(row);
  return {
    id: row.id,
    name: row.name,
    endpoint: row.endpoint,
    region: row.region,
    bucket: row.bucket,
    rootPrefix: row.rootPrefix,
    pathStyle: row.pathStyle as PathStyleChoice,
    usesPathStyle: pathStyle,
    cdnMode: row.cdnMode as CdnMode,
    cdnDomain: row.cdnDomain,
    cdnBase: cdnBase({ endpoint: row.endpoint, bucket: row.bucket, cdnMode: row.cdnMode, cdnDomain: row.cdnDomain, pathStyle }),
    cdnStatus: row.cdnStatus as CdnStatus,
    cdnCheckedAt: row.cdnCheckedAt,
    defaultAcl: row.defaultAcl as UploadAcl,
    cacheControl: row.cacheControl,
    accessKeyId: row.accessKeyId,
    active: row.active,
    hasSecret,
    isSpaces: parseEndpoint(row.endpoint)?.isSpaces ?? false,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The draft as the row it would become (the stored profile's id and creation time when it edits one). */
export function draftRow(draft: ProfileInput, stored?: ProfileRow): ProfileRow {
  const now = Date.now();
  return {
    id: stored?.id ?? 'draft',
    name: draft.name,
    endpoint: draft.endpoint,
    region: draft.region,
    bucket: draft.bucket,
    rootPrefix: draft.rootPrefix,
    pathStyle: draft.pathStyle,
    cdnMode: draft.cdnMode,
    cdnDomain: draft.cdnDomain,
    cdnStatus: 'unknown',
    cdnCheckedAt: null,
    defaultAcl: draft.defaultAcl,
    cacheControl: draft.cacheControl,
    accessKeyId: draft.accessKeyId,
    active: false,
    createdAt: stored?.createdAt ?? now,
    updatedAt: now,
  };
}
