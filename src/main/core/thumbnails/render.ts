import type Sharp from 'sharp';

/** sharp (libvips, ~20 MB resident) loads on the first thumbnail, not with the core: the CLI rarely needs it. */
let sharpModule: Promise<typeof Sharp> | undefined;
const loadSharp = () => (sharpModule ??= import('sharp').then((m) => m.default));

/**
 * Loads sharp now. The app's core worker does this right after start-up,
 * while the window loads, so the first thumbnail does not hold the worker
 * (and every call queued behind it) for the ~100 ms a native module's load takes.
 */
export function preloadSharp(): Promise<unknown> {
  return loadSharp();
}

/** Longest side of a grid thumbnail; banners keep more width for the header. */
export const THUMB_SIZE = 400;
export const BANNER_WIDTH = 1400;

/** A small WebP of an image (any format sharp reads), EXIF-rotated. */
export async function renderThumbnail(input: Buffer | string, options: { banner?: boolean } = {}): Promise<Buffer> {
  const size = options.banner ? { width: BANNER_WIDTH, height: 600 } : { width: THUMB_SIZE, height: THUMB_SIZE };
  const sharp = await loadSharp();
  return sharp(input, { failOn: 'none', limitInputPixels: 268_402_689 })
    .rotate()
    .resize({ ...size, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 72, effort: 2 })
    .toBuffer();
}
