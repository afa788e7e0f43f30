/**
 * The default key layout (product.md, "Key layout"), below a profile's root
 * prefix. Total: every string parses to something, nothing throws; what does
 * not fit the layout is `unclassified` and kept, never dropped.
 */
import type { MediaKind, ObjectRole } from './domain';
import { mediaKindOf } from './media-kind';

export interface ParsedKey {
  role: ObjectRole;
  /** Set for every role but `unclassified` (and a bare root folder marker). */
  model: string | null;
  /** Set for post media and post folder markers. */
  post: string | null;
  /** Path inside the post (media) or inside profile/ (profile media); may hold sub-folders. */
  relPath: string | null;
  /** The last path segment (for a folder marker: the folder's name). */
  name: string;
  kind: MediaKind;
}

/** The folder of a model's own files: icon, banner and other profile media. */
export const PROFILE_FOLDER = 'profile';

function lastSegment(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function stem(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 ? name.slice(0, dot) : name).toLowerCase();
}

export function parseKey(key: string, rootPrefix = ''): ParsedKey {
  const name = lastSegment(key);
  const unclassified: ParsedKey = { role: 'unclassified', model: null, post: null, relPath: null, name, kind: mediaKindOf(name) };
  if (!key.startsWith(rootPrefix)) return unclassified;
  const rel = key.slice(rootPrefix.length);
  if (rel === '') return unclassified;

  if (rel.endsWith('/')) {
    const parts = rel.slice(0, -1).split('/');
    // Folder markers are counted, not media; they still make an (empty) model or post exist.
    const model = parts[0] ? parts[0] : null;
    const post = model && parts.length === 2 && parts[1] && parts[1] !== PROFILE_FOLDER ? parts[1] : null;
    return { role: 'folder', model, post, relPath: null, name, kind: 'other' };
  }

  const parts = rel.split('/');
  const [model, second] = parts;
  const kind = mediaKindOf(name);
  if (parts.length < 2 || !model || !second) return unclassified;

  if (parts.length === 2) {
    return kind === 'image' ? { role: 'model_thumb', model, post: null, relPath: null, name, kind } : unclassified;
  }
  const relPath = parts.slice(2).join('/');
  if (second === PROFILE_FOLDER) {
    const own = parts.length === 3 && kind === 'image' ? stem(name) : '';
    const role: ObjectRole = own === 'icon' ? 'icon' : own === 'banner' ? 'banner' : 'profile_media';
    return { role, model, post: null, relPath, name, kind };
  }
  return { role: 'media', model, post: second, relPath, name, kind };
}
