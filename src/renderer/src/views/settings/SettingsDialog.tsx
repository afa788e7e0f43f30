import { Button } from '../../ui/Button';
import { ModalDialog } from '../../ui/ModalDialog';
import { OfflineStorageSection } from './OfflineStorageSection';
import { ProfilesView } from './ProfilesView';
import styles from './Settings.module.css';
import { UpdatesSection } from './UpdatesSection';

/**
 * Settings as a modal layer over the library, so it needs nothing from the
 * library's navigation: Escape or the close button returns to where one was.
 * Changes made here reach the rest of the app through the query cache.
 */
export function SettingsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  return (
    <ModalDialog className={styles.dialog} aria-labelledby="settings-title" onClose={onClose}>
      <header className={styles.header}>
        <h1 id="settings-title">Settings</h1>
        <Button variant="quiet" onClick={onClose} aria-label="Close settings">
          ✕
        </Button>
      </header>
      <div className={styles.body}>
        <ProfilesView />
        <OfflineStorageSection />
        <UpdatesSection />
      </div>
    </ModalDialog>
  );
}
