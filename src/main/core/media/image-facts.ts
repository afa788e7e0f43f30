/**
 * An image's facts: its pixel size and format from sharp's header read (the
 * one the thumbnail is made with), and from EXIF (exifr) the date taken, the
 * camera and the orientation. EXIF dates have no time zone: the camera's wall
 * clock is kept, stored as if it were UTC (formatted in UTC, it reads as the
 * camera showed it).
 */
import type * as ExifrModule from 'exifr';
import type { MediaFacts } from '../../../shared/domain';

export interface ImageHeader {
  width?: number;
  height?: number;
  format?: string;
  /** heif: av1 for AVIF, hevc for HEIC. */
  compression?: string;
  orientation?: number;
}

interface Exif {
  Make?: unknown;
  Model?: unknown;
  DateTimeOriginal?: unknown;
  CreateDate?: unknown;
  Orientation?: unknown;
}

const EXIF_TAGS = ['Make', 'Model', 'DateTimeOriginal', 'CreateDate', 'Orientation'];

type Exifr = typeof ExifrModule;
let exifrModule: Promise<Exifr> | undefined;
/** Loaded with the first image (the CLI rarely needs it). */
const loadExifr = () => (exifrModule ??= import('exifr').then((m) => ((m as unknown as { default?: Exifr }).default ?? m) as Exifr));

/** "2023:06:14 10:22:33" (EXIF) → the wall-clock time as UTC epoch ms; null when absent or malformed. */
export function exifDate(value: unknown): number | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : null;
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (y < 1971 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** "Canon" + "Canon EOS R5" → "Canon EOS R5"; "Apple" + "iPhone 12" → "Apple iPhone 12". */
export function cameraName(make: unknown, model: unknown): string | null {
  const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\0/g, '').trim() : '');
  const mk = clean(make);
  const md = clean(model);
  if (!md) return mk || null;
  if (!mk || md.toLowerCase().startsWith(mk.toLowerCase().split(/\s+/)[0]!)) return md;
  return `${mk} ${md}`;
}

/** EXIF of an image file or buffer (null when it has none or it cannot be read: facts are a bonus, never a failure). */
export async function readExif(input: Buffer | string): Promise<Exif | null> {
  try {
    const exifr = await loadExifr();
    return ((await exifr.parse(input, { pick: EXIF_TAGS, reviveValues: false, translateValues: false })) as Exif | undefined) ?? null;
  } catch {
    return null;
  }
}

export function imageFacts(header: ImageHeader, exif: Exif | null): MediaFacts {
  const orientation = typeof exif?.Orientation === 'number' ? exif.Orientation : (header.orientation ?? null);
  // Orientations 5–8 turn the picture a quarter: as shown, width and height swap.
  const turned = orientation !== null && orientation >= 5 && orientation <= 8;
  const width = header.width ?? null;
  const height = header.height ?? null;
  const format = header.format === 'heif' ? (header.compression === 'av1' ? 'avif' : 'heif') : (header.format ?? null);
  return {
    width: turned ? height : width,
    height: turned ? width : height,
    durationMs: null,
    takenAt: exifDate(exif?.DateTimeOriginal) ?? exifDate(exif?.CreateDate),
    camera: cameraName(exif?.Make, exif?.Model),
    orientation,
    codec: format,
  };
}
