import { useCallback, useState } from 'react';
import type { ModelSort } from '../../shared/domain';
import { Sidebar, type AppView } from './components/Sidebar';
import { ToastProvider } from './components/Toast';
import { useCall, useEvent } from './ipc';
import { ModelsView } from './views/ModelsView';
import { RecentlySharedView } from './views/RecentlySharedView';
import { FirstRun } from './views/settings/FirstRun';
import { SettingsDialog } from './views/settings/SettingsDialog';

export function App(): React.JSX.Element {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ModelSort>('name');
  const [view, setView] = useState<AppView>('library');
  const info = useCall(() => window.api.app.info(), []);
  const models = useCall(() => window.api.library.listModels({ sort, filter }), [sort, filter]);
  useEvent('library:changed', models.reload);
  const profiles = useCall(() => window.api.profiles.list(), []);
  const reloadProfiles = profiles.reload;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const openSettings = useCallback(() => setSettingsOpen(true), []);
  const closeSettings = useCallback(() => {
    setSettingsOpen(false);
    reloadProfiles();
  }, [reloadProfiles]);

  // Wait for the profiles before choosing between first run and the library, so neither flashes.
  if (profiles.state === 'loading') return <div className="app" aria-busy="true" />;
  if (profiles.state === 'ready' && profiles.data.profiles.length === 0) return <FirstRun onDone={closeSettings} />;

  return (
    <ToastProvider>
      <div className="app">
        <Sidebar
          models={models}
          filter={filter}
          onFilter={setFilter}
          version={info.state === 'ready' ? info.data.version : ''}
          view={view}
          onView={setView}
          onOpenSettings={openSettings}
        />
        <main className="main" aria-label={view === 'shared' ? 'Recently shared' : 'Library'}>
          <nav className="breadcrumbs" aria-label="Breadcrumbs">
            <span aria-current="page">{view === 'shared' ? 'Recently shared' : 'Library'}</span>
          </nav>
          {view === 'shared' ? <RecentlySharedView /> : <ModelsView models={models} sort={sort} onSort={setSort} filter={filter} />}
        </main>
        {settingsOpen && <SettingsDialog onClose={closeSettings} onChanged={reloadProfiles} />}
      </div>
    </ToastProvider>
  );
}
