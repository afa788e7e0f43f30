/** URLs of the app's own library routes (served by main; never file://). */
const enc = encodeURIComponent;

/** `etag` '-' asks for the version the index holds (model icons, banners, covers). */
export function thumbUrl(profileId: string, key: string, etag = '-'): string {
  return `/thumb/${enc(profileId)}/${enc(etag || '-')}/${enc(key)}`;
}

export function originalUrl(profileId: string, key: string, etag: string): string {
  return `/original/${enc(profileId)}/${enc(etag || '-')}/${enc(key)}`;
}
