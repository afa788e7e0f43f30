import type { MediaKind } from './domain';

const IMAGE = new Set(['jpg', 'jpeg', 'png', 'webp', 'gif', 'avif', 'heic', 'heif', 'bmp', 'tiff']);
const VIDEO = new Set(['mp4', 'mov', 'webm', 'm4v', 'mkv', 'avi', 'wmv', 'flv']);

/** The lower-cased extension of a file name ('' when it has none; a leading dot is not one). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** Media kind by extension, case-insensitive (product.md); anything else is `other`. */
export function mediaKindOf(name: string): MediaKind {
  const ext = extensionOf(name);
  if (IMAGE.has(ext)) return 'image';
  if (VIDEO.has(ext)) return 'video';
  return 'other';
}
