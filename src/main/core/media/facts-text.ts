/**
 * What search matches in a media item's facts besides its names: the camera,
 * the date taken (2023-06-14, so "2023" and "2023-06" match too), the size
 * in pixels (4000x3000), the orientation, the codec and a resolution label
 * for videos (4K, 1080p).
 */
import type { MediaFacts, MediaKind } from '../../../shared/domain';
import { orientationOf } from '../../../shared/media-facts';

function resolutionLabel(width: number, height: number): string | null {
  const short = Math.min(width, height);
  if (short >= 2160) return '4K 2160p';
  if (short >= 1440) return '1440p';
  if (short >= 1080) return '1080p';
  if (short >= 720) return '720p';
  return null;
}

export function factsSearchText(facts: MediaFacts, kind: MediaKind): string {
  const parts: string[] = [];
  if (facts.camera) parts.push(facts.camera);
  if (facts.takenAt !== null) parts.push(new Date(facts.takenAt).toISOString().slice(0, 10));
  if (facts.width && facts.height) {
    parts.push(`${facts.width}x${facts.height}`);
    const orientation = orientationOf(facts);
    if (orientation) parts.push(orientation);
    if (kind === 'video') parts.push(resolutionLabel(facts.width, facts.height) ?? '');
  }
  if (facts.codec) parts.push(facts.codec);
  return parts.filter(Boolean).join(' ');
}
