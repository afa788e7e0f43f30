import type { QueryClient } from '@tanstack/react-query';
import type { Api } from '../../../shared/contract';
import {
  downloadRowsUpdated,
  downloadsChanged,
  libraryChanged,
  networkChanged,
  offlineChanged,
  syncProgressed,
  thumbsProgressed,
  uploadRowsUpdated,
  uploadsChanged,
} from './invalidate';
import type { UploadActivityStore } from './upload-activity';

/**
 * The one place main's events reach the renderer: each becomes a cache
 * update (setQueryData) or an invalidation of exactly the calls it makes
 * stale, so views just read queries. Returns the unsubscribe.
 */
export function connectEvents(api: Pick<Api, 'on'>, queryClient: QueryClient, uploads: UploadActivityStore): () => void {
  const off = [
    api.on('library:changed', ({ profileId }) => void libraryChanged(queryClient, profileId)),
    api.on('thumbs:progress', (progress) => thumbsProgressed(queryClient, progress)),
    api.on('network:changed', (status) => networkChanged(queryClient, status)),
    api.on('sync:progress', (progress) => void syncProgressed(queryClient, progress)),
    api.on('uploads:progress', (batch) => {
      uploads.progress(batch);
      uploadRowsUpdated(queryClient, batch.items);
    }),
    api.on('uploads:finished', (summary) => {
      uploads.finished(summary);
      void uploadsChanged(queryClient);
    }),
    api.on('downloads:progress', (batch) => {
      // A batch's first event: its rows are new to the list (they were journaled before it was sent).
      if (batch.items.length === batch.total) void downloadsChanged(queryClient);
      else downloadRowsUpdated(queryClient, batch.items);
    }),
    api.on('downloads:finished', () => void downloadsChanged(queryClient)),
    api.on('offline:changed', ({ profileId }) => void offlineChanged(queryClient, profileId)),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
