/** URLs of the app's own library routes (served by main; never file://). */
import { mediaOriginFor } from '../../../shared/app-origins';

const enc = encodeURIComponent;

/** `etag` '-' asks for the version the index holds (model icons, banners, covers). */
export function thumbUrl(profileId: string, key: string, etag = '-'): string {
  return `/thumb/${enc(profileId)}/${enc(etag || '-')}/${enc(key)}`;
}

/** Originals come from the media origin (app://media), never the page's own: bucket bytes are data (docs/SECURITY.md). */
const MEDIA_ORIGIN = mediaOriginFor(location.origin);

export function originalUrl(profileId: string, key: string, etag: string): string {
  return `${MEDIA_ORIGIN}/original/${enc(profileId)}/${enc(etag || '-')}/${enc(key)}`;
}
