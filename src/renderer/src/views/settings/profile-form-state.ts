/**
 * The profile form's local state and its mapping to the shared form schema.
 * The secret lives here only while typed; it is sent once (save or test)
 * and never comes back.
 */
import { SECRET_AGAIN, secretWouldMove, type SecretTarget } from '../../../../shared/secret-binding';
import { cdnBase, defaultPathStyle, parseEndpoint, SPACES_REGIONS, spacesEndpoint, type SpacesRegion } from '../../../../shared/endpoints';
import { spreadPastedAddress } from '../../../../shared/pasted-location';
import {
  DEFAULT_REGION,
  fieldErrors,
  profileFormSchema,
  type CdnMode,
  type PathStyleChoice,
  type ProfileForm,
  type ProfileInput,
  type ProfileView,
  type UploadAcl,
} from '../../../../shared/profile';

export const REGION_LABELS: Record<SpacesRegion, string> = {
  ams3: 'Amsterdam',
  atl1: 'Atlanta',
  blr1: 'Bangalore',
  fra1: 'Frankfurt',
  lon1: 'London',
  nyc3: 'New York',
  sfo2: 'San Francisco 2',
  sfo3: 'San Francisco 3',
  sgp1: 'Singapore',
  syd1: 'Sydney',
  tor1: 'Toronto',
};

export interface FormState {
  name: string;
  provider: 'spaces' | 'custom';
  spacesRegion: SpacesRegion;
  endpoint: string;
  region: string;
  bucket: string;
  rootPrefix: string;
  accessKeyId: string;
  secret: string;
  pathStyle: PathStyleChoice;
  cdnMode: CdnMode;
  cdnDomain: string;
  defaultAcl: UploadAcl;
  cacheControl: string;
}

export const emptyForm: FormState = {
  name: '',
  provider: 'spaces',
  spacesRegion: 'nyc3',
  endpoint: '',
  region: '',
  bucket: '',
  rootPrefix: '',
  accessKeyId: '',
  secret: '',
  pathStyle: 'auto',
  cdnMode: 'auto',
  cdnDomain: '',
  defaultAcl: 'private',
  cacheControl: '',
};

export function stateFromView(view: ProfileView): FormState {
  const info = parseEndpoint(view.endpoint);
  const spacesRegion = (SPACES_REGIONS as readonly string[]).includes(info?.region ?? '') ? (info?.region as SpacesRegion) : null;
  return {
    name: view.name,
    provider: view.isSpaces && spacesRegion ? 'spaces' : 'custom',
    spacesRegion: spacesRegion ?? 'nyc3',
    endpoint: view.endpoint,
    region: view.isSpaces ? '' : view.region,
    bucket: view.bucket,
    rootPrefix: view.rootPrefix,
    accessKeyId: view.accessKeyId,
    secret: '',
    pathStyle: view.pathStyle,
    cdnMode: view.cdnMode,
    cdnDomain: view.cdnDomain ?? '',
    defaultAcl: view.defaultAcl,
    cacheControl: view.cacheControl ?? '',
  };
}

export function endpointOf(state: FormState): string {
  return state.provider === 'spaces' ? spacesEndpoint(state.spacesRegion) : state.endpoint;
}

export function toForm(state: FormState, id: string | undefined): ProfileForm {
  return {
    id,
    name: state.name,
    endpoint: endpointOf(state),
    region: state.provider === 'custom' ? state.region : undefined,
    bucket: state.bucket,
    rootPrefix: state.rootPrefix,
    pathStyle: state.pathStyle,
    cdnMode: state.cdnMode,
    cdnDomain: state.cdnDomain,
    defaultAcl: state.defaultAcl,
    cacheControl: state.cacheControl,
    accessKeyId: state.accessKeyId,
    secret: state.secret === '' ? undefined : state.secret,
  };
}

export type Checked = { ok: true; form: ProfileForm; input: ProfileInput } | { ok: false; errors: Record<string, string> };

/**
 * Validates with the same schema main applies. The secret is needed for a
 * new profile, and for a stored one whose endpoint, bucket or access key
 * changed (`stored`: the profile being edited when it has a secret; main
 * sends a stored secret nowhere else).
 */
export function check(state: FormState, id: string | undefined, stored: SecretTarget | null): Checked {
  const form = toForm(state, id);
  const parsed = profileFormSchema.safeParse(form);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  if (state.secret === '' && !errors.secret) {
    if (!stored) errors.secret = 'Enter the secret key.';
    else if (parsed.success && secretWouldMove(stored, parsed.data)) errors.secret = SECRET_AGAIN;
  }
  if (parsed.success && Object.keys(errors).length === 0) return { ok: true, form, input: parsed.data };
  return { ok: false, errors };
}

/** What the automatic choices resolve to, shown next to them. */
export function previews(state: FormState): { pathStyle: string; cdn: string; region: string } {
  const endpoint = endpointOf(state);
  const bucket = state.bucket.trim() || 'BUCKET';
  const info = parseEndpoint(endpoint);
  const path = info ? defaultPathStyle(endpoint, bucket) : true;
  const cdn = info ? cdnBase({ endpoint, bucket, cdnMode: 'auto', cdnDomain: null, pathStyle: path }) : null;
  return {
    pathStyle: path ? 'path style' : 'virtual-hosted',
    cdn: cdn ?? 'none (only Spaces endpoints have an automatic CDN)',
    region: info?.isSpaces && info.region ? info.region : DEFAULT_REGION,
  };
}

/** A pasted Origin/CDN/path-style address spread over the form's fields (see spreadPastedAddress). */
export function applyPastedAddress(state: FormState): { state: FormState; understood: string } | null {
  const spread = spreadPastedAddress({ endpoint: state.provider === 'custom' ? state.endpoint : null, bucket: state.bucket, rootPrefix: state.rootPrefix });
  if (!spread) return null;
  const next: FormState = { ...state, bucket: spread.bucket, rootPrefix: spread.rootPrefix };
  if (spread.spacesRegion) Object.assign(next, { provider: 'spaces', spacesRegion: spread.spacesRegion });
  else Object.assign(next, { provider: 'custom', endpoint: spread.endpoint });
  return { state: next, understood: spread.understood };
}
