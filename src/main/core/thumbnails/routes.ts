/**
 * The library's routes on the app's own protocol (never file://), served the
 * same way to Electron's app:// handler and to the e2e harness:
 *   /thumb/<profile>/<etag>/<encoded key>     cached WebP thumbnail (the page's origin)
 *   /original/<profile>/<etag>/<encoded key>  the original, for the viewer (the media origin only; originals/route.ts)
 * The ETag in the path makes each URL immutable, so the browser may cache it;
 * `-` instead of an ETag means "the version the index holds" (model icons,
 * banners and covers, whose ETag the model summary does not carry).
 *
 * Nothing is buffered here: a thumbnail is answered with its cache file's
 * path (the host streams the file), an original with its source's bytes as a
 * web stream (transferable to the host's thread). Every answer carries the
 * data CSP and nosniff.
 */
import { and, eq } from 'drizzle-orm';
import type { IndexDatabase } from '../db/database';
import { objects } from '../db/schema';
import type { Logger } from '../logger';
import { dataHeaders, dataText, originalsRoute } from '../originals/route';
import type { OriginalSourceFor } from '../originals/source';
import { getProfile } from '../repositories/profiles';
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

/** What the protocol passes along with a path: the Range header (video). */
export interface RouteRequest {
  range?: string;
}

export interface LibraryRouteDeps {
  database: IndexDatabase;
  thumbnails: ThumbnailService;
  /** Where originals' bytes come from: the bucket, or (off16) a pinned local copy. */
  originals: OriginalSourceFor;
  log: Logger;
}

/** Originals of images larger than this show the preview instead (videos stream whatever their size). */
const MAX_IMAGE_BYTES = 200 * 1024 * 1024;

export const THUMB_PREFIX = '/thumb/';
export const ORIGINAL_PREFIX = '/original/';

/** Thumbnails: the app's own WebP files, served on the page's origin. */
export const isThumbRoute = (pathname: string) => pathname.startsWith(THUMB_PREFIX);
/** Originals: bucket bytes, served only on the media origin (app://media). */
export const isOriginalRoute = (pathname: string) => pathname.startsWith(ORIGINAL_PREFIX);

const status = dataText;

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

/** The library's routes; undefined when the path is none of them (the caller serves the renderer). */
export function libraryRoutes(deps: LibraryRouteDeps) {
  const original = originalsRoute({ source: deps.originals, log: deps.log });
  return async (pathname: string, request: RouteRequest = {}): Promise<LibraryResponse | undefined> => {
    if (isThumbRoute(pathname)) {
      const thumb = parse(pathname, THUMB_PREFIX);
      return thumb ? serveThumb(deps, thumb) : status(404, 'Not found');
    }
    if (isOriginalRoute(pathname)) {
      const t = parse(pathname, ORIGINAL_PREFIX);
      if (!t) return status(404, 'Not found');
      const row = indexed(deps, t);
      const profile = getProfile(deps.database.db, t.profileId);
      if (!row || !profile) return status(404, 'Not in the library');
      if (row.kind === 'image' && row.size > MAX_IMAGE_BYTES) return status(413, 'Too large to open here');
      return original(profile, { key: t.key, etag: row.etag, size: row.size }, request.range);
    }
    return undefined;
  };
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
  const headers = dataHeaders({ 'content-type': 'image/webp', 'cache-control': current ? 'max-age=60' : 'max-age=31536000, immutable' });
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
