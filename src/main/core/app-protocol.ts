import mime from 'mime';
import { readFile } from 'node:fs/promises';
import { normalize, resolve, sep } from 'node:path';

/** The scheme and host the app's pages are served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Strict CSP: scripts only from the app itself; images from the app (its
 * thumbnail route) and data/blob URLs; media also over https for presigned
 * video streaming; no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: https: http://127.0.0.1:* http://localhost:*",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function text(status: number, message: string): AppResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(message) };
}

/**
 * Serves a file of the built renderer for an app:// (or harness) URL.
 * Paths are resolved inside `rendererDir` only; unknown paths that look like
 * app routes fall back to index.html.
 */
export async function serveRendererFile(rendererDir: string, pathname: string): Promise<AppResponse> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname);
  } catch {
    return text(400, 'Bad path');
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = resolve(rendererDir);
  const file = resolve(root, `.${normalize(relative)}`);
  if (file !== root && !file.startsWith(root + sep)) return text(403, 'Forbidden');
  try {
    const body = await readFile(file);
    const type = mime.getType(file) ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'content-type': type, 'x-content-type-options': 'nosniff' };
    if (type === 'text/html') headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return { status: 200, headers, body };
  } catch {
    return text(404, 'Not found');
  }
}
