/**
 * Local file names for bucket keys. Keys are anyone-with-write-access's
 * text (product.md: treat the bucket's contents as hostile): a key's
 * segments become file names that stay inside the chosen folder — no `..`,
 * no absolute paths, no characters Windows or macOS refuse, no names Windows
 * reserves — and a partial file sits beside its destination (same disk, so
 * the final rename is atomic).
 */
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f<>:"\\|?*]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** One key segment as a file or folder name that is safe on every desktop OS. */
export function safeSegment(segment: string): string {
  let name = segment.replace(UNSAFE, '_').replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (name === '' || name === '.' || name === '..') name = '_';
  if (RESERVED.test(name)) name = `_${name}`;
  return name;
}

/** `root` joined with `/`-separated `relPath`, every segment made safe; never outside `root`. */
export function localPathFor(root: string, relPath: string): string {
  const segments = relPath.split('/').filter((s) => s !== '');
  const path = resolve(root, ...(segments.length ? segments.map(safeSegment) : ['_']));
  const inside = relative(resolve(root), path);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).includes('..')) throw new Error(`Refusing a path outside ${root}: ${relPath}`);
  return path;
}

/** The partial file beside a destination: hidden, and named so a person can tell what it is. */
export function partialPathFor(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.spaces-partial`);
}
