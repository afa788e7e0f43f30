import { useQuery } from '@tanstack/react-query';
import { Outlet, useNavigate } from '@tanstack/react-router';
import { useCallback, useState } from 'react';
import { Sidebar } from '../components/Sidebar';
import { sessionQuery } from '../data/queries';
import { TransfersDock } from '../uploads/TransfersDock';
import { FirstRun } from '../views/settings/FirstRun';
import { SettingsDialog } from '../views/settings/SettingsDialog';
import { Breadcrumbs } from './Breadcrumbs';
import { usePlace } from './place';
import styles from './Shell.module.css';
import { useHistoryKeys } from './useHistoryKeys';
import { useNetworkProbe, useNetworkStatus } from './useNetwork';

/** The root route: first run while there is no profile, else the sidebar and the routed main area. */
export function Shell(): React.JSX.Element {
  const profiles = useQuery(sessionQuery('profiles:list'));
  // Wait for the profiles before choosing between first run and the library, so neither flashes.
  if (profiles.isPending) return <div className={styles.app} aria-busy="true" />;
  if (profiles.data?.profiles.length === 0) return <FirstRun />;
  return <LibraryShell />;
}

function LibraryShell(): React.JSX.Element {
  const overview = useQuery(sessionQuery('library:overview'));
  const profile = overview.data?.profile ?? null;
  useNetworkProbe();
  const network = useNetworkStatus();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const place = usePlace();
  const navigate = useNavigate();
  const up = useCallback(() => {
    if (place.view === 'post') void navigate({ to: '/models/$model', params: { model: place.model } });
    else if (place.view !== 'models') void navigate({ to: '/' });
  }, [place, navigate]);
  useHistoryKeys(up);

  return (
    <div className={styles.app}>
      <Sidebar onOpenSettings={() => setSettingsOpen(true)} network={network} />
      <main className={styles.main} aria-label={place.view === 'shared' ? 'Recently shared' : 'Library'}>
        <Breadcrumbs />
        {network.online === false && profile && (
          <div className={styles.offline} role="status" data-testid="offline-banner">
            <strong>Offline.</strong> Browsing, cached thumbnails, search and posts kept offline work from this computer; other originals, video playback and sync come back with
            the connection.
          </div>
        )}
        <Outlet />
        {profile && <TransfersDock />}
      </main>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
