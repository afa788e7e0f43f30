/**
 * The app's two origins. The page (and everything IPC trusts) is app://bundle;
 * originals — bytes from the bucket — come from app://media, an origin of
 * their own that IPC refuses and the page's code never shares (docs/SECURITY.md).
 * The e2e harness serves the page from http://HOST and originals from
 * http://media.HOST, the same split.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const MEDIA_HOST = 'media';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const MEDIA_ORIGIN = `${APP_SCHEME}://${MEDIA_HOST}`;

/** The media origin beside a page origin: app://media for the app (and its dev server), http://media.HOST for the harness. */
export function mediaOriginFor(pageOrigin: string): string {
  const url = new URL(pageOrigin);
  if (url.protocol === `${APP_SCHEME}:` || url.hostname === 'localhost' || url.hostname === '127.0.0.1') return MEDIA_ORIGIN;
  return `${url.protocol}//${MEDIA_HOST}.${url.host}`;
}
