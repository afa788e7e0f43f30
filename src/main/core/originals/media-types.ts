/**
 * Which bucket bytes the app will hand the viewer, and as what: an image or
 * video type that both the object's extension and its own first bytes
 * (sniffed with file-type) say it is. Never SVG (scripts), never HTML or
 * anything else a browser would render as a document: those are 415. The
 * object's stored Content-Type is never trusted (anyone with write access to
 * the Space sets it).
 */
import { fileTypeFromBuffer } from 'file-type';
import { mediaKindOf } from '../../../shared/media-kind';

/** How many leading bytes the sniffer reads (file-type needs at most this many). */
export const SNIFF_BYTES = 4100;

/** What file-type may find, served as is: raster images and video containers only. */
const ALLOWED_SNIFFED = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/bmp',
  'image/tiff',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-m4v',
  'video/matroska',
  'video/x-matroska',
  'video/vnd.avi',
  'video/x-msvideo',
  'video/x-ms-asf',
  'video/x-flv',
]);

/**
 * The Content-Type to serve `key` with, given its first bytes; null when the
 * extension is not an image or video one, or the bytes are not an allowed
 * media type (HTML, SVG, script, unknown).
 */
export async function servedType(key: string, head: Uint8Array): Promise<string | null> {
  if (mediaKindOf(key) === 'other') return null;
  const sniffed = await fileTypeFromBuffer(head).catch(() => undefined);
  return sniffed && ALLOWED_SNIFFED.has(sniffed.mime) ? sniffed.mime : null;
}
