import { useEffect, useRef } from 'react';
import { ProfilesView } from './ProfilesView';
import { UpdatesSection } from './UpdatesSection';
import './settings.css';

/**
 * Settings as a modal layer over the library, so it needs nothing from the
 * library's navigation: Escape or the close button returns to where one was.
 */
export function SettingsDialog({ onClose, onChanged }: { onClose: () => void; onChanged?: () => void }): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // showModal gives focus containment and Escape (as a 'cancel' event) for free.
    dialog.showModal();
    const cancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
    };
  }, [onClose]);

  return (
    <dialog ref={ref} className="settings-dialog" aria-labelledby="settings-title">
      <header className="settings-header">
        <h1 id="settings-title">Settings</h1>
        <button type="button" className="set-btn set-btn-quiet" onClick={onClose} aria-label="Close settings">
          ✕
        </button>
      </header>
      <div className="settings-body">
        <ProfilesView onChanged={onChanged} />
        <UpdatesSection />
      </div>
    </dialog>
  );
}
