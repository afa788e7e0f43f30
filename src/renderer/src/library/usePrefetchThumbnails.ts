import { useEffect } from 'react';
import { useApiMutation } from '../data/mutations';

/**
 * Queues a model's or a post's thumbnails while it is open, so it browses
 * offline later (tiles on screen still jump the queue). The answer, the
 * queue's progress, lands in thumbs:status.
 */
export function usePrefetchThumbnails(model: string, post?: string): void {
  const { mutate: prefetch } = useApiMutation('thumbs:prefetch');
  useEffect(() => {
    prefetch(post === undefined ? { model } : { model, post });
  }, [prefetch, model, post]);
}
