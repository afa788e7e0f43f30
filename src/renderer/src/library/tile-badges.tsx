import { Fragment } from 'react';
import type { MediaItem } from '../../../shared/domain';
import { formatDuration } from '../../../shared/media-facts';
import styles from './MediaTile.module.css';

/**
 * The chips in a media tile's corner (and beside a list row's name): each
 * feature that has something to say about an item adds a function here —
 * the video's duration below; pinned-offline, for instance, adds its own.
 * A badge returns null when it has nothing to show; it must be cheap (it
 * runs for every tile that scrolls in). Its `label` is the chip's text as
 * words: the tile's accessible name includes it (axe's label-in-name rule
 * wants every visible word there), so keep the two saying the same.
 */
export interface Badge {
  /** The chip's text for assistive technology, e.g. "0:10" or "Kept offline". */
  label: string;
  /** What the chip shows (text and an optional aria-hidden glyph). */
  content: React.ReactNode;
  title?: string;
  testId?: string;
}
export type TileBadge = (item: MediaItem) => Badge | null;

/** A video: its duration once read (ffprobe), else that it is one. */
export const videoBadge: TileBadge = (item) => {
  if (item.kind !== 'video') return null;
  const label = item.facts?.durationMs ? formatDuration(item.facts.durationMs) : 'Video';
  return {
    label,
    title: 'Video',
    testId: 'video-badge',
    content: (
      <>
        <span aria-hidden>▶</span> {label}
      </>
    ),
  };
};

/** In display order; add a feature's badge with `tileBadges.push(myBadge)` at module load. */
export const tileBadges: TileBadge[] = [videoBadge];

/** The badges an item has (an empty array when none has anything to say). */
export function badgesOf(item: MediaItem): Badge[] {
  const out: Badge[] = [];
  for (const badge of tileBadges) {
    const b = badge(item);
    if (b) out.push(b);
  }
  return out;
}

/** Badges as chips, in one look for every feature. */
export function renderBadges(badges: readonly Badge[]): React.ReactNode[] {
  // A space after each: chips read as separate words.
  return badges.map((b, i) => (
    <Fragment key={i}>
      <span className={styles.badge} title={b.title} data-testid={b.testId}>
        {b.content}
      </span>{' '}
    </Fragment>
  ));
}
