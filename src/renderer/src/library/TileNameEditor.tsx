import { useLayoutEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import styles from './MediaTile.module.css';

/**
 * The name field of a tile renamed in place (F2), drawn over the foot of the
 * tile but kept outside the grid's listbox in the DOM: an option may hold
 * nothing focusable, and a listbox nothing but options (axe:
 * nested-interactive, aria-required-children). It follows the tile as the
 * grid scrolls or the window resizes, and hides while the tile is scrolled
 * out of the grid's view.
 */
export function TileNameEditor({ tileId, children }: { tileId: string; children: React.ReactNode }): React.JSX.Element | null {
  const [place, setPlace] = useState<{ left: number; top: number; width: number; visible: boolean } | null>(null);
  useLayoutEffect(() => {
    const measure = () => {
      const tile = document.getElementById(tileId);
      if (!tile) return setPlace(null);
      const box = tile.getBoundingClientRect();
      const view = tile.closest('[role="listbox"]')?.getBoundingClientRect();
      const visible = !view || (box.bottom > view.top && box.bottom <= view.bottom + 1);
      setPlace({ left: box.left + 6, top: box.bottom - 6, width: box.width - 12, visible });
    };
    measure();
    window.addEventListener('scroll', measure, true);
    window.addEventListener('resize', measure);
    return () => {
      window.removeEventListener('scroll', measure, true);
      window.removeEventListener('resize', measure);
    };
  }, [tileId]);
  if (!place) return null;
  return createPortal(
    <div className={styles.floatingName} style={{ left: place.left, top: place.top, width: place.width, visibility: place.visible ? undefined : 'hidden' }}>
      {children}
    </div>,
    document.body,
  );
}
