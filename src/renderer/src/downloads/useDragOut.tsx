import { useCallback } from 'react';
import { useApiMutation } from '../data/mutations';
import styles from './Export.module.css';

/**
 * Dragging tiles out of the window: the browser's own drag is cancelled and
 * main starts the operating system's (webContents.startDrag) with the
 * originals on disk — from the offline store, or fetched first. Returns the
 * dragstart handler and a line saying what is happening.
 */
export function useDragOut(): { onDragStart: (e: React.DragEvent, keys: () => Promise<string[]>) => void; status: React.ReactNode } {
  const drag = useApiMutation('downloads:dragOut');
  const { mutate } = drag;
  const onDragStart = useCallback(
    (e: React.DragEvent, keys: () => Promise<string[]>) => {
      e.preventDefault();
      void keys().then((list) => {
        if (list.length > 0) mutate({ keys: list });
      });
    },
    [mutate],
  );
  const status = drag.isPending ? (
    <span className={styles.status} role="status">
      Preparing the files to drag…
    </span>
  ) : drag.isError ? (
    <span className={styles.error} role="alert">
      {drag.error.message}
    </span>
  ) : null;
  return { onDragStart, status };
}
