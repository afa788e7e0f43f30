import { useEffect, useRef } from 'react';
import { fileNameOf, type CopiedLinks, type LinkKind } from '../../../shared/links';
import { useToast } from '../components/Toast';
import type { ApiError } from '../data/api-error';
import { useApiMutation } from '../data/mutations';
import { formatCountdown, formatDuration, formatWhen, rememberedExpiry } from './expiry';

export interface CopyOptions {
  kind?: LinkKind;
  /** Seconds; defaults to the expiry chosen last in the share dialog. */
  expiresIn?: number;
  download?: boolean;
}

/** What the toast says about copied links: what, and until when. */
export function describeCopy(copied: CopiedLinks): { title: string; detail: string } {
  const n = copied.links.length;
  const first = copied.links[0];
  const what = n === 1 && first ? `link to “${fileNameOf(first.key)}”` : `${n} links`;
  const kind = first?.kind === 'cdn' ? 'CDN ' : first?.kind === 'public' ? 'public ' : '';
  const title = `Copied ${kind}${what}`;
  if (copied.expiresAt === null) return { title, detail: 'Public links work while the files stay public.' };
  const now = Date.now();
  // A fresh link: its chosen lifetime ("6 hours"); one copied again from the list: the time it has left.
  const left =
    first && now - first.createdAt < 60_000
      ? `in ${formatDuration(Math.round((copied.expiresAt - first.createdAt) / 1000))}`
      : formatCountdown(copied.expiresAt, now);
  return { title, detail: `${n === 1 ? 'Expires' : 'They expire'} ${left} · ${formatWhen(copied.expiresAt)}` };
}

/**
 * Copies links for keys: main makes them and writes the clipboard, a toast
 * says what was copied and when it expires. Reusable by any view (media
 * grid, viewer, Recently shared).
 */
export function useCopyLinks(): {
  copy: (keys: string[], options?: CopyOptions) => Promise<CopiedLinks | null>;
  copyRecent: (ids: number[]) => Promise<CopiedLinks | null>;
  busy: boolean;
} {
  const toast = useToast();
  const feedback = {
    onSuccess: (copied: CopiedLinks) => toast(describeCopy(copied)),
    onError: (error: ApiError) => toast({ title: 'Nothing was copied', detail: error.message, tone: 'error' }),
  };
  const copyLinks = useApiMutation('links:copy', feedback);
  const copyAgain = useApiMutation('links:copyRecent', feedback);
  // The toast has said what went wrong; callers only need to know whether something was copied.
  const settle = (run: Promise<CopiedLinks>) => run.catch(() => null);

  const copy = (keys: string[], options: CopyOptions = {}) => {
    const kind = options.kind ?? 'presigned';
    return settle(
      copyLinks.mutateAsync({
        keys,
        kind,
        expiresIn: kind === 'presigned' ? (options.expiresIn ?? rememberedExpiry()) : undefined,
        download: kind === 'presigned' ? (options.download ?? false) : undefined,
      }),
    );
  };
  const copyRecent = (ids: number[]) => settle(copyAgain.mutateAsync({ ids }));
  return { copy, copyRecent, busy: copyLinks.isPending || copyAgain.isPending };
}

/** True for the "Copy link" shortcut: Ctrl+Shift+C (⌘⇧C on macOS). */
export function isCopyLinkShortcut(e: KeyboardEvent | React.KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c';
}

/** Binds the shortcut for the component's lifetime; `onCopy` runs when something is selected. */
export function useCopyLinkShortcut(onCopy: () => void, enabled: boolean): void {
  const latest = useRef(onCopy);
  useEffect(() => {
    latest.current = onCopy;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!isCopyLinkShortcut(e)) return;
      // A modal <dialog> (Settings, Share) owns the keyboard: the view behind it must not act.
      if (e.target instanceof Element && e.target.closest('dialog[open]')) return;
      e.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
