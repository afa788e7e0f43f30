import { open, readFile } from 'node:fs/promises';
import type Sharp from 'sharp';
import type { Metadata, Sharp as Pipeline } from 'sharp';
import type { MediaFacts } from '../../../shared/domain';
import { decodeHeic } from '../media/heic';
import { imageFacts, readExif } from '../media/image-facts';

/** sharp (libvips, ~20 MB resident) loads on the first thumbnail, not with the core: the CLI rarely needs it. */
let sharpModule: Promise<typeof Sharp> | undefined;
export const loadSharp = (): Promise<typeof Sharp> => (sharpModule ??= import('sharp').then((m) => m.default));

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
/** Longest side of the viewer's converted preview (HEIC, TIFF…). */
export const PREVIEW_SIZE = 2560;

const LIMIT_PIXELS = 268_402_689;

export interface Rendered {
  webp: Buffer;
  facts: MediaFacts;
}

/** The first bytes of a file or buffer (a format's signature). */
async function head(input: Buffer | string, bytes: number): Promise<Buffer> {
  if (typeof input !== 'string') return input.subarray(0, bytes);
  const file = await open(input, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** HEIF with HEVC (iPhone photos): sharp's libheif reads only AVIF, so libheif's WebAssembly build decodes it. */
async function isHevcHeif(input: Buffer | string): Promise<boolean> {
  const signature = await head(input, 12);
  return signature.subarray(4, 8).toString('latin1') === 'ftyp' && ['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1'].includes(signature.subarray(8, 12).toString('latin1'));
}

/** A sharp pipeline over the image, decoding HEIC to pixels first (libheif applies its rotation). */
async function openImage(input: Buffer | string): Promise<{ image: Pipeline; header: Metadata; rotated: boolean }> {
  const sharp = await loadSharp();
  const image = sharp(input, { failOn: 'none', limitInputPixels: LIMIT_PIXELS });
  try {
    const header = await image.metadata();
    return { image, header, rotated: false };
  } catch (error) {
    if (!(await isHevcHeif(input))) throw error;
    const { width, height, data } = await decodeHeic(typeof input === 'string' ? await readFile(input) : input);
    const pixels = sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 }, limitInputPixels: LIMIT_PIXELS });
    return { image: pixels, header: { width, height, format: 'heif', compression: 'hevc' } as Metadata, rotated: true };
  }
}

/**
 * A small WebP of an image (any format sharp reads, and HEIC), EXIF-rotated,
 * with the facts read on the way: the header sharp parses anyway, and EXIF.
 */
export async function renderImage(input: Buffer | string, options: { banner?: boolean } = {}): Promise<Rendered> {
  const size = options.banner ? { width: BANNER_WIDTH, height: 600 } : { width: THUMB_SIZE, height: THUMB_SIZE };
  const { image, header, rotated } = await openImage(input);
  const [webp, exif] = await Promise.all([
    (rotated ? image : image.rotate()).resize({ ...size, fit: 'inside', withoutEnlargement: true }).webp({ quality: 72, effort: 2 }).toBuffer(),
    readExif(input),
  ]);
  // A decoded HEIC is already upright: its EXIF orientation says how it was stored, not how to turn the pixels.
  const facts = imageFacts(rotated ? { ...header, orientation: 1 } : header, rotated && exif ? { ...exif, Orientation: 1 } : exif);
  return { webp, facts };
}

/** The viewer's preview of an image Chromium cannot show (HEIC, TIFF…): a large WebP, upright. */
export async function renderPreview(input: Buffer | string): Promise<Buffer> {
  const { image, rotated } = await openImage(input);
  return (rotated ? image : image.rotate())
    .resize({ width: PREVIEW_SIZE, height: PREVIEW_SIZE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 82, effort: 2 })
    .toBuffer();
}

/** A thumbnail from a frame (a video's poster). */
export async function renderFrame(png: Buffer): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(png).resize({ width: THUMB_SIZE, height: THUMB_SIZE, fit: 'inside', withoutEnlargement: true }).webp({ quality: 72, effort: 2 }).toBuffer();
}
