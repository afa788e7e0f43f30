/**
 * Pure rules for the keys an upload writes (product.md, key layout):
 * `ROOT/MODEL/POST/REL…`. Names keep the user's characters (unicode, spaces,
 * `+`, `#`…) but never `.`/`..`, control characters, lone UTF-16 surrogates
 * (a Windows file name may hold one; no URL or S3 key can) or empty segments.
 * Refusals quote the name with `printable`, so they stay one readable line.
 */
import { printable } from './printable';

export type KeyCheck = { ok: true } | { ok: false; message: string };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** One path segment (model, post, or a folder/file name inside the post). */
export function checkSegment(segment: string, what: string): KeyCheck {
  if (segment.length === 0) return { ok: false, message: `The ${what} name is empty.` };
  if (segment === '.' || segment === '..') return { ok: false, message: `"${segment}" cannot be used as a ${what} name.` };
  if (CONTROL.test(segment)) return { ok: false, message: `The ${what} name "${printable(segment)}" contains a control character.` };
  if (LONE_SURROGATE.test(segment)) return { ok: false, message: `The ${what} name "${printable(segment)}" contains a broken character (a lone UTF-16 surrogate).` };
  if (segment.includes('/')) return { ok: false, message: `The ${what} name "${printable(segment)}" cannot contain "/".` };
  if (segment.trim() !== segment) return { ok: false, message: `The ${what} name "${printable(segment)}" starts or ends with a space.` };
  return { ok: true };
}

export interface UploadTarget {
  model: string;
  post: string;
}

/** `profile` is the model's profile-media folder, not a post. */
export function checkTarget(target: UploadTarget): KeyCheck {
  const model = checkSegment(target.model, 'model');
  if (!model.ok) return model;
  const post = checkSegment(target.post, 'post');
  if (!post.ok) return post;
  if (target.post === 'profile') return { ok: false, message: 'A post cannot be called "profile": that folder holds the model\'s profile media.' };
  return { ok: true };
}

/** A relative path inside the post, `/`-separated (sub-folders are kept). */
export function checkRelPath(relPath: string): KeyCheck {
  const segments = relPath.split('/');
  for (const segment of segments) {
    const check = checkSegment(segment, segments.length > 1 ? 'file or folder' : 'file');
    if (!check.ok) return { ok: false, message: `${check.message} (in "${printable(relPath)}")` };
  }
  return { ok: true };
}

export const MAX_KEY_BYTES = 1024;

/** The object key, or the reason it cannot be one. */
export function buildUploadKey(rootPrefix: string, target: UploadTarget, relPath: string): { ok: true; key: string } | { ok: false; message: string } {
  const t = checkTarget(target);
  if (!t.ok) return t;
  const r = checkRelPath(relPath);
  if (!r.ok) return r;
  const key = `${rootPrefix}${target.model}/${target.post}/${relPath}`;
  if (new TextEncoder().encode(key).length > MAX_KEY_BYTES) {
    return { ok: false, message: `The path "${printable(relPath)}" is too long for a key (at most ${MAX_KEY_BYTES} bytes).` };
  }
  return { ok: true, key };
}

const SYSTEM_FILES = new Set(['.ds_store', 'thumbs.db', 'desktop.ini', 'ehthumbs.db', '.localized', 'icon\r']);

/** Hidden and OS bookkeeping files are skipped (and reported), never uploaded. */
export function isHiddenOrSystem(name: string): boolean {
  return name.startsWith('.') || SYSTEM_FILES.has(name.toLowerCase()) || name.startsWith('._');
}

/** `photo.jpg` → `photo (2).jpg`; keeps the sub-folder part of a relative path. */
export function keepBothName(relPath: string, n: number): string {
  const slash = relPath.lastIndexOf('/');
  const dir = relPath.slice(0, slash + 1);
  const name = relPath.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  return `${dir}${base} (${n})${ext}`;
}

/**
 * The first keep-both variant of `relPath` ("photo (2).jpg", "photo (3).jpg"…)
 * whose key is not taken; `keyOf` turns a relative path into its key (uploads:
 * inside the post; moves: inside the destination).
 */
export function keepBothFree(relPath: string, keyOf: (relPath: string) => string, taken: ReadonlySet<string>): { relPath: string; key: string } {
  for (let n = 2; ; n++) {
    const candidate = keepBothName(relPath, n);
    const key = keyOf(candidate);
    if (!taken.has(key)) return { relPath: candidate, key };
  }
}

/** A default name for a new post made by a drop: the date, like cameras do. */
export function defaultPostName(now: Date, firstFolder?: string): string {
  if (firstFolder && checkSegment(firstFolder, 'post').ok && firstFolder !== 'profile') return firstFolder;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
