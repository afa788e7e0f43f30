/**
 * The library's routes on the app's own protocol (never file://), served the
 * same way to Electron's app:// handler and to the e2e harness:
 *   /thumb/<profile>/<etag>/<encoded key>     cached WebP thumbnail
 *   /original/<profile>/<etag>/<encoded key>  the original image, for the viewer
 * The ETag in the path makes each URL immutable, so the browser may cache it;
 * `-` instead of an ETag means "the version the index holds" (model icons,
 * banners and covers, whose ETag the model summary does not carry).
 *
 * Nothing is buffered here: a thumbnail is answered with its cache file's
 * path (the host streams the file), an original with the S3 body as a web
 * stream (transferable to the host's thread).
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { and, eq } from 'drizzle-orm';
import type { IndexDatabase } from '../db/database';
import { objects } from '../db/schema';
import { isUnreachable, type NetworkMonitor } from '../network/monitor';
import { getProfile, type ProfileRow } from '../repositories/profiles';
import type { PooledClient } from '../s3/client-pool';
import type { ThumbnailService } from './service';

export type LibraryBody =
  | { kind: 'file'; path: string }
  | { kind: 'stream'; stream: ReadableStream<Uint8Array> }
  | { kind: 'text'; text: string };

export interface LibraryResponse {
  status: number;
  headers: Record<string, string>;
  body: LibraryBody;
}

export interface LibraryRouteDeps {
  database: IndexDatabase;
  thumbnails: ThumbnailService;
  /** The profile's interactive client (the core's pool). */
  client(profile: ProfileRow): Promise<PooledClient>;
  network: NetworkMonitor;
}

/** The viewer streams originals up to this size; larger ones show the preview. */
const MAX_ORIGINAL_BYTES = 200 * 1024 * 1024;

export const LIBRARY_ROUTE_PREFIXES = ['/thumb/', '/original/'] as const;

/** Whether `pathname` is one of the library's routes (the host asks the core; everything else is the renderer's). */
export function isLibraryRoute(pathname: string): boolean {
  return LIBRARY_ROUTE_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

function status(code: number, message: string): LibraryResponse {
  return { status: code, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: { kind: 'text', text: message } };
}

function parse(pathname: string, prefix: string): { profileId: string; etag: string; key: string } | null {
  if (!pathname.startsWith(prefix)) return null;
  const parts = pathname.slice(prefix.length).split('/');
  if (parts.length !== 3) return null;
  try {
    const [profileId, etag, key] = parts.map(decodeURIComponent) as [string, string, string];
    return profileId && etag && key ? { profileId, etag, key } : null;
  } catch {
    return null;
  }
}

/** Undefined when the path is not a library route (the caller serves the renderer). */
export async function serveLibraryRoute(deps: LibraryRouteDeps, pathname: string): Promise<LibraryResponse | undefined> {
  if (!isLibraryRoute(pathname)) return undefined;
  const thumb = parse(pathname, '/thumb/');
  if (thumb) return serveThumb(deps, thumb);
  const original = parse(pathname, '/original/');
  if (original) return serveOriginal(deps, original);
  return status(404, 'Not found');
}

function indexed(deps: LibraryRouteDeps, t: { profileId: string; key: string }) {
  return deps.database.db
    .select({ kind: objects.kind, etag: objects.etag, size: objects.size })
    .from(objects)
    .where(and(eq(objects.profileId, t.profileId), eq(objects.key, t.key)))
    .get();
}

async function serveThumb(deps: LibraryRouteDeps, requested: { profileId: string; etag: string; key: string }): Promise<LibraryResponse> {
  const current = requested.etag === '-';
  const row = indexed(deps, requested);
  if (current && !row) return status(404, 'Not in the library');
  const t = current ? { ...requested, etag: row!.etag } : requested;
  const headers = { 'content-type': 'image/webp', 'cache-control': current ? 'max-age=60' : 'max-age=31536000, immutable' };
  const cached = await deps.thumbnails.cached(t);
  if (cached) return { status: 200, headers, body: { kind: 'file', path: cached } };
  // Only objects of the index, and only images: no poster frames without a video decoder.
  if (!row || row.kind !== 'image') return status(404, 'No thumbnail');
  try {
    return { status: 200, headers, body: { kind: 'file', path: await deps.thumbnails.ensure(t, true) } };
  } catch {
    return status(404, 'No thumbnail yet');
  }
}

async function serveOriginal(deps: LibraryRouteDeps, t: { profileId: string; etag: string; key: string }): Promise<LibraryResponse> {
  const row = indexed(deps, t);
  const profile = getProfile(deps.database.db, t.profileId);
  if (!row || !profile || row.kind !== 'image') return status(404, 'Not in the library');
  if (row.size > MAX_ORIGINAL_BYTES) return status(413, 'Too large to open here');
  if (deps.network.status().online === false) return status(503, 'The original is not available offline');
  try {
    const { client, connection } = await deps.client(profile);
    const res = await client.send(new GetObjectCommand({ Bucket: connection.bucket, Key: t.key }));
    deps.network.reportReachable();
    const headers: Record<string, string> = {
      'content-type': res.ContentType ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': 'max-age=3600',
    };
    if (res.ContentLength !== undefined) headers['content-length'] = String(res.ContentLength);
    return { status: 200, headers, body: { kind: 'stream', stream: res.Body!.transformToWebStream() as ReadableStream<Uint8Array> } };
  } catch (error) {
    if (isUnreachable(error)) deps.network.reportUnreachable();
    return status(503, 'The original is not available right now');
  }
}
