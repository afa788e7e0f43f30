/**
 * Dragging media tiles onto a post (in the sidebar, or a post card) and
 * post cards onto a model in the sidebar moves them. The payload stays in
 * this window (a selection may be thousands of items, resolved on drop);
 * the drag carries only a type that says it is ours.
 */
import { useState } from 'react';
import type { MediaItem } from '../../../shared/domain';

export const ORGANISE_DRAG_TYPE = 'application/x-spaces-media-organise';

export type DragPayload =
  | { kind: 'media'; model: string; post: string; count: number; items(): Promise<MediaItem[]> }
  | { kind: 'post'; model: string; posts: string[] };

let current: DragPayload | null = null;

export function startDrag(e: React.DragEvent, payload: DragPayload): void {
  current = payload;
  e.dataTransfer.effectAllowed = 'move';
  e.dataTransfer.setData(ORGANISE_DRAG_TYPE, payload.kind);
  e.dataTransfer.setData('text/plain', payload.kind === 'media' ? `${payload.count} item(s)` : payload.posts.join('\n'));
}

export function endDrag(): void {
  current = null;
}

/** What is being dragged now (ours), if anything. */
export function draggingKind(): DragPayload['kind'] | null {
  return current?.kind ?? null;
}

function payloadOf(e: React.DragEvent): DragPayload | null {
  return e.dataTransfer.types.includes(ORGANISE_DRAG_TYPE) ? current : null;
}

/** Props for an element that takes drops it `accepts`, and whether one is over it now. */
export function useDropTarget(accepts: (payload: DragPayload) => boolean, onDrop: (payload: DragPayload) => void): {
  active: boolean;
  props: Pick<React.HTMLAttributes<HTMLElement>, 'onDragEnter' | 'onDragOver' | 'onDragLeave' | 'onDrop'>;
} {
  const [active, setActive] = useState(false);
  const accepted = (e: React.DragEvent) => {
    const payload = payloadOf(e);
    return payload && accepts(payload) ? payload : null;
  };
  return {
    active,
    props: {
      onDragEnter: (e) => {
        if (!accepted(e)) return;
        e.preventDefault();
        setActive(true);
      },
      onDragOver: (e) => {
        if (!accepted(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
      },
      onDragLeave: (e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setActive(false);
      },
      onDrop: (e) => {
        const payload = accepted(e);
        setActive(false);
        if (!payload) return;
        e.preventDefault();
        e.stopPropagation();
        endDrag();
        onDrop(payload);
      },
    },
  };
}
