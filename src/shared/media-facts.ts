/** Reading media facts (issue 17), the same in the core, the CLI and the renderer. */
import type { MediaFacts, Orientation } from './domain';
import { extensionOf } from './media-kind';

/** Landscape, portrait or square, from the pixel size as shown (null while unknown). */
export function orientationOf(facts: Pick<MediaFacts, 'width' | 'height'> | null): Orientation | null {
  if (!facts?.width || !facts.height) return null;
  return facts.width > facts.height ? 'landscape' : facts.height > facts.width ? 'portrait' : 'square';
}

/** Extensions of images Chromium cannot show (or the originals route may refuse): the viewer shows a converted preview instead. */
const CONVERTED = new Set(['heic', 'heif', 'tif', 'tiff', 'avif']);

export function needsConvertedPreview(name: string): boolean {
  return CONVERTED.has(extensionOf(name));
}

/** 83 000 ms → "1:23"; an hour or more → "1:02:03". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
