import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';

/** Fields that keep their own keys: Backspace deletes, Alt+arrows move by word (macOS). */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';

/**
 * A modal layer owns the keyboard and the mouse's side buttons: a <dialog>
 * (Settings, Share, sync questions) or an inline dialog (the upload
 * questions). The media viewer is a dialog too but part of the route
 * (#…?item=KEY): Back closes it, so it does not block.
 */
function modalIsOpen(target: EventTarget | null): boolean {
  if (document.querySelector('dialog[open]')) return true;
  return target instanceof Element && target.closest('[role="dialog"]:not([data-route-layer]), [role="alertdialog"]') !== null;
}

/**
 * History from the keyboard and the mouse, app-wide:
 * - Alt+← / Alt+→ and the mouse's back / forward buttons: back / forward;
 * - Backspace: back, only where it has no job of its own (not in a field,
 *   not with a modifier, not under a modal dialog);
 * - Alt+↑: up one level (post → model → library), as a new history entry.
 */
export function useHistoryKeys(up: () => void): void {
  const router = useRouter();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || modalIsOpen(e.target)) return;
      const editable = e.target instanceof Element && e.target.closest(EDITABLE) !== null;
      const onlyAlt = e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey;
      let act: (() => void) | null = null;
      if (onlyAlt && !editable && e.key === 'ArrowLeft') act = () => router.history.back();
      else if (onlyAlt && !editable && e.key === 'ArrowRight') act = () => router.history.forward();
      else if (onlyAlt && !editable && e.key === 'ArrowUp') act = up;
      else if (e.key === 'Backspace' && !editable && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) act = () => router.history.back();
      if (!act) return;
      e.preventDefault();
      act();
    };
    // Buttons 3 and 4 are the mouse's back and forward. Chromium (so Electron too) would navigate by itself on the
    // release; cancelling it lets the app's rule apply (nothing moves under a modal dialog) with one navigation.
    const onMouse = (e: MouseEvent) => {
      if (e.button !== 3 && e.button !== 4) return;
      e.preventDefault();
      if (e.type !== 'mouseup' || modalIsOpen(e.target)) return;
      if (e.button === 3) router.history.back();
      else router.history.forward();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onMouse);
    window.addEventListener('mouseup', onMouse);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onMouse);
      window.removeEventListener('mouseup', onMouse);
    };
  }, [router, up]);
}
