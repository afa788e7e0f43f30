/**
 * The app protocol's answers, the same for Electron's app:// handler and the
 * e2e harness (which serves the same split over http): the page's origin
 * serves the built renderer and thumbnails; the media origin serves
 * originals and nothing else. Every response carries a CSP; the page's is
 * strict (scripts only from the app, media only from the media origin),
 * everything else gets the data CSP (no script, sandboxed).
 */
import mime from 'mime';
import { readFile, stat } from 'node:fs/promises';
import { normalize, resolve, sep } from 'node:path';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, MEDIA_HOST, MEDIA_ORIGIN } from '../../shared/app-origins';
import { DATA_CSP, dataHeaders, dataText } from './originals/route';
import { isOriginalRoute, isThumbRoute, type LibraryResponse, type RouteRequest } from './thumbnails/routes';

export { APP_HOST, APP_ORIGIN, APP_SCHEME, MEDIA_HOST, MEDIA_ORIGIN, DATA_CSP };

/**
 * The page's CSP: scripts only from the app itself; images from the app
 * (thumbnails), the media origin (originals) and data/blob URLs; video and
 * audio only from the media origin (through the app protocol, with Range);
 * nothing framed, no plugins, no forms, no base.
 */
export function contentSecurityPolicy(mediaOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' ${mediaOrigin} data: blob:`,
    `media-src ${mediaOrigin}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The app's own CSP (app://bundle's page). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(MEDIA_ORIGIN);

const META_CSP = /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/;

/**
 * Serves a file of the built renderer. Paths are resolved inside
 * `rendererDir` only: a backslash, NUL or malformed escape is 400, anything
 * resolving outside is 403, a missing file 404. index.html carries the
 * page's CSP as a header and in its meta tag (both computed here).
 */
export async function serveRendererFile(rendererDir: string, pathname: string, mediaOrigin = MEDIA_ORIGIN): Promise<LibraryResponse> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return dataText(400, 'Bad path');
  }
  // Windows reads a backslash as a separator (and \\server\share as a network path): never a name here.
  if (relative.includes('\\') || relative.includes('\0')) return dataText(400, 'Bad path');
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${normalize(`/${relative}`)}`);
  if (file !== root && !file.startsWith(root + sep)) return dataText(403, 'Forbidden');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return dataText(404, 'Not found');
  const type = mime.getType(file) ?? 'application/octet-stream';
  if (type !== 'text/html') return { status: 200, headers: dataHeaders({ 'content-type': type }), body: { kind: 'file', path: file } };
  const policy = contentSecurityPolicy(mediaOrigin);
  const html = (await readFile(file, 'utf8')).replace(META_CSP, `$1${policy}$2`);
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', 'content-security-policy': policy }, body: { kind: 'text', text: html } };
}

export interface AppRequestOptions {
  rendererDir: string;
  /** The page's origin (app://bundle; the harness's http origin). */
  pageOrigin: string;
  /** The originals' origin (app://media; the harness's media.HOST). */
  mediaOrigin: string;
  /** The core's library routes (thumbnails, originals); null when it is not one. */
  route(pathname: string, request: RouteRequest): Promise<LibraryResponse | null>;
}

/** Answers one request to the app protocol. */
export function appRequests(options: AppRequestOptions) {
  return async (requestUrl: string, request: RouteRequest = {}): Promise<LibraryResponse> => {
    let url: URL;
    try {
      url = new URL(requestUrl);
    } catch {
      return dataText(400, 'Bad request');
    }
    const { pathname } = url;
    if (url.origin === options.mediaOrigin) {
      // Bucket bytes only: never the app's pages or scripts.
      if (!isOriginalRoute(pathname)) return dataText(404, 'Not found');
      return (await options.route(pathname, request)) ?? dataText(404, 'Not found');
    }
    if (url.origin !== options.pageOrigin) return dataText(404, 'Not found');
    // Originals are never same-origin with the page.
    if (isOriginalRoute(pathname)) return dataText(404, 'Not found');
    if (isThumbRoute(pathname)) return (await options.route(pathname, {})) ?? dataText(404, 'Not found');
    return serveRendererFile(options.rendererDir, pathname, options.mediaOrigin);
  };
}
