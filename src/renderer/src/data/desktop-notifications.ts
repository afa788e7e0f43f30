/**
 * System notifications for what finishes while the app is in the
 * background: an upload batch, and a sync that changed the library or
 * failed. Main allows the `notifications` permission to the app's own page
 * only (main/security-policy.ts); everything else stays denied.
 */
import type { Api } from '../../../shared/contract';
import type { UploadBatchFinished } from '../../../shared/domain';
import type { SyncProgress } from '../../../shared/sync';
import { formatBytes } from '../format';

export interface Notifier {
  notify(title: string, body: string): void;
}

/** What an upload batch did, in one line (the transfers panel says the same). */
export function describeFinish(f: UploadBatchFinished): string {
  return f.failed > 0
    ? `${f.failed} upload${f.failed === 1 ? '' : 's'} failed${f.done ? `, ${f.done} done` : ''}: ${f.firstError ?? ''}`
    : `${f.done} file${f.done === 1 ? '' : 's'} uploaded (${formatBytes(f.bytes)})${f.cancelled ? `, ${f.cancelled} cancelled` : ''}`;
}

/** A finished sync worth a notification: it failed, or it changed the library. */
export function syncNotice(p: SyncProgress): { title: string; body: string } | null {
  if (p.phase !== 'done') return null;
  if (p.status === 'failed') return { title: 'Sync failed', body: 'The library could not be synced. Open the app to see why and try again.' };
  if (p.status !== 'completed') return null;
  const parts = [p.added && `${p.added.toLocaleString()} new`, p.updated && `${p.updated.toLocaleString()} changed`, p.removed && `${p.removed.toLocaleString()} removed`].filter(Boolean);
  return parts.length > 0 ? { title: 'Library synced', body: `${parts.join(', ')}.` } : null;
}

/** The desktop's notifications, when the app is not in front; asks for the permission once. */
export const systemNotifier: Notifier = {
  notify(title, body) {
    if (typeof Notification === 'undefined' || (!document.hidden && document.hasFocus())) return;
    const show = () => void new Notification(title, { body });
    if (Notification.permission === 'granted') show();
    else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
  },
};

/** Notifies for main's events. Returns the unsubscribe. */
export function notifyOnEvents(api: Pick<Api, 'on'>, notifier: Notifier = systemNotifier): () => void {
  const off = [
    api.on('uploads:finished', (f) => notifier.notify(f.failed > 0 ? 'Upload failed' : 'Upload finished', describeFinish(f))),
    api.on('sync:progress', (p) => {
      const notice = syncNotice(p);
      if (notice) notifier.notify(notice.title, notice.body);
    }),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
