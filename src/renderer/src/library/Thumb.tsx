import clsx from 'clsx';
import { useState } from 'react';
import type { MediaKind } from '../../../shared/domain';
import styles from './Thumb.module.css';

interface Props {
  src: string | null;
  kind?: MediaKind;
  name?: string;
  /** object-fit of the picture */
  fit?: 'cover' | 'contain';
  className?: string;
}

function extension(name: string | undefined): string {
  if (!name || !name.includes('.')) return 'FILE';
  return name.slice(name.lastIndexOf('.') + 1).toUpperCase().slice(0, 5);
}

/**
 * A cached thumbnail from main, or a clear placeholder: videos (no poster
 * frame without a decoder), other files, and images whose thumbnail is not
 * cached yet while offline.
 */
export function Thumb({ src, kind = 'image', name, fit = 'cover', className }: Props): React.JSX.Element {
  const [failed, setFailed] = useState<string | null>(null);
  const broken = failed !== null && failed === src;
  if (kind === 'video') {
    return (
      <div className={clsx(styles.thumb, styles.placeholder, styles.video, className)} aria-hidden>
        <svg viewBox="0 0 24 24" width="36" height="36"><path d="M8 5v14l11-7z" fill="currentColor" /></svg>
        <span>{extension(name)} video</span>
      </div>
    );
  }
  if (kind === 'other') {
    return (
      <div className={clsx(styles.thumb, styles.placeholder, className)} aria-hidden>
        <svg viewBox="0 0 24 24" width="30" height="30"><path d="M6 2h8l5 5v15H6z M14 2v5h5" fill="none" stroke="currentColor" strokeWidth="1.5" /></svg>
        <span>{extension(name)}</span>
      </div>
    );
  }
  if (!src || broken) {
    return (
      <div className={clsx(styles.thumb, styles.placeholder, className)} aria-hidden>
        <svg viewBox="0 0 24 24" width="28" height="28"><path d="M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4" fill="none" stroke="currentColor" strokeWidth="1.5" /></svg>
        <span>No preview yet</span>
      </div>
    );
  }
  return (
    <img
      className={clsx(styles.thumb, styles.image, className)}
      src={src}
      alt=""
      // Grids are virtualized: whatever is mounted is (nearly) on screen, so no lazy-loading observers.
      decoding="async"
      draggable={false}
      style={{ objectFit: fit }}
      onError={() => setFailed(src)}
    />
  );
}
