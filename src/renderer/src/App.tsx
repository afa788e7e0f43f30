import { useCallback, useEffect, useState } from 'react';
import type { ModelSort, NetworkStatus, ThumbProgress } from '../../shared/domain';
import { Sidebar } from './components/Sidebar';
import { SyncPanel } from './components/sync/SyncPanel';
import { ToastProvider } from './components/Toast';
import { useCall, useEvent } from './ipc';
import { EmptyState } from './library/Toolbar';
import './library/library.css';
import { ModelsView } from './views/ModelsView';
import { ModelView } from './views/ModelView';
import { PostView } from './views/PostView';
import { RecentlySharedView } from './views/RecentlySharedView';
import { SearchView } from './views/SearchView';
import { TransfersDock } from './uploads/TransfersDock';
import { UploadDropZone } from './uploads/UploadDropZone';
import { FirstRun } from './views/settings/FirstRun';
import { SettingsDialog } from './views/settings/SettingsDialog';

/** Where the main area is: Library › Model › Post (the viewer opens over a post). */
export type Route =
  | { view: 'models' }
  | { view: 'model'; model: string }
  | { view: 'post'; model: string; post: string; focusKey?: string }
  | { view: 'shared' };

const unknownNetwork: NetworkStatus = { online: null, host: null, checkedAt: null, message: null };

export function App(): React.JSX.Element {
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<ModelSort>('name');
  const [route, setRoute] = useState<Route>({ view: 'models' });
  const [search, setSearch] = useState('');
  const [network, setNetwork] = useState<NetworkStatus>(unknownNetwork);
  const [thumbs, setThumbs] = useState<ThumbProgress | null>(null);
  const info = useCall(() => window.api.app.info(), []);
  const overview = useCall(() => window.api.library.overview(), []);
  const models = useCall(() => window.api.library.listModels({ sort, filter }), [sort, filter]);
  const sidebarModels = useCall(() => window.api.library.listModels({ sort: 'name' }), []);
  const profiles = useCall(() => window.api.profiles.list(), []);
  const reloadProfiles = profiles.reload;
  const [settingsOpen, setSettingsOpen] = useState(false);
  const onChanged = useCallback(() => {
    models.reload();
    sidebarModels.reload();
    overview.reload();
    reloadProfiles();
  }, [models.reload, sidebarModels.reload, overview.reload, reloadProfiles]); // eslint-disable-line react-hooks/exhaustive-deps
  const closeSettings = useCallback(() => {
    setSettingsOpen(false);
    reloadProfiles();
    onChanged();
  }, [reloadProfiles, onChanged]);
  useEvent('library:changed', onChanged);
  useEvent('network:changed', setNetwork);
  useEvent('thumbs:progress', setThumbs);

  useEffect(() => {
    void window.api.network.status().then((r) => r.ok && setNetwork(r.data));
    void window.api.network.check().then((r) => r.ok && setNetwork(r.data));
    void window.api.thumbs.status().then((r) => r.ok && setThumbs(r.data));
    const timer = setInterval(() => void window.api.network.check().then((r) => r.ok && setNetwork(r.data)), 30_000);
    return () => clearInterval(timer);
  }, []);

  const open = (next: Route) => {
    setSearch('');
    setRoute(next);
  };
  // Alt+↑ (or Backspace outside inputs) goes up one level.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement | null)?.closest('input, textarea, select, dialog, [role="dialog"]');
      if (typing) return;
      if ((e.altKey && e.key === 'ArrowUp') || e.key === 'Backspace') {
        setRoute((r) => (r.view === 'post' ? { view: 'model', model: r.model } : { view: 'models' }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const ov = overview.state === 'ready' ? overview.data : null;
  const profileId = ov?.profile?.id ?? null;
  const searching = search.trim().length > 0;
  const currentModel = route.view === 'model' || route.view === 'post' ? route.model : null;

  // Wait for the profiles before choosing between first run and the library, so neither flashes.
  if (profiles.state === 'loading') return <div className="app" aria-busy="true" />;
  if (profiles.state === 'ready' && profiles.data.profiles.length === 0) return <FirstRun onDone={closeSettings} />;

  let body: React.ReactNode;
  if (route.view === 'shared') body = <RecentlySharedView />;
  else if (overview.state === 'loading') body = <p className="muted view-pad">Opening the library…</p>;
  else if (overview.state === 'error') body = <div className="notice error view-pad" role="alert">{overview.error.message}</div>;
  else if (!ov?.profile || !profileId)
    body = (
      <EmptyState title="Choose a connection">
        No profile is active. Open Settings and make one of your connections active to browse its library — also offline.
      </EmptyState>
    );
  else if (ov.models === 0 && !searching)
    body = (
      <EmptyState title="This library has not been synced yet">
        Sync “{ov.profile.name}” to list {ov.profile.bucket} into the local index. After that, models, thumbnails and search work even offline.
      </EmptyState>
    );
  else if (searching)
    body = (
      <SearchView
        profileId={profileId}
        query={search}
        onOpenModel={(model) => open({ view: 'model', model })}
        onOpenPost={(model, post, focusKey) => open({ view: 'post', model, post, focusKey })}
      />
    );
  else if (route.view === 'models')
    body = (
      <ModelsView profileId={profileId} models={models} sort={sort} onSort={setSort} filter={filter} onFilter={setFilter} onOpen={(model) => open({ view: 'model', model })} />
    );
  else if (route.view === 'model') body = <ModelView key={route.model} profileId={profileId} model={route.model} onOpen={(post) => open({ view: 'post', model: route.model, post })} />;
  else body = <PostView key={`${route.model}/${route.post}/${route.focusKey ?? ""}`} profileId={profileId} model={route.model} post={route.post} online={network.online} focusKey={route.focusKey} />;

  // Drops upload here: onto a post → into it; a model → a new post; the library → a new model.
  const dropTarget =
    ov?.profile && !searching && route.view !== 'shared'
      ? route.view === 'post'
        ? { model: route.model, post: route.post }
        : route.view === 'model'
          ? { model: route.model }
          : {}
      : null;
  if (dropTarget) body = <UploadDropZone key={JSON.stringify(dropTarget)} target={dropTarget}>{body}</UploadDropZone>;

  return (
    <ToastProvider>
    <div className="app">
      <Sidebar
        onOpenSettings={() => setSettingsOpen(true)}
        syncSlot={ov?.profile ? <SyncPanel /> : undefined}
        section={route.view === 'shared' ? 'shared' : 'library'}
        onSection={(section) => open(section === 'shared' ? { view: 'shared' } : { view: 'models' })}
        overview={ov}
        models={sidebarModels}
        currentModel={currentModel}
        onOpenModel={(model) => open({ view: 'model', model })}
        search={search}
        onSearch={setSearch}
        network={network}
        thumbs={thumbs}
        version={info.state === 'ready' ? info.data.version : ''}
      />
      <main className="main" aria-label={route.view === 'shared' ? 'Recently shared' : 'Library'}>
        {route.view === 'shared' ? (
          <nav className="breadcrumbs" aria-label="Breadcrumbs">
            <span aria-current="page">Recently shared</span>
          </nav>
        ) : (
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Crumb current={!searching && route.view === 'models'} onClick={() => open({ view: 'models' })}>
            Library
          </Crumb>
          {!searching && (route.view === 'model' || route.view === 'post') && (
            <>
              <span className="crumb-sep" aria-hidden>›</span>
              <Crumb current={route.view === 'model'} onClick={() => open({ view: 'model', model: route.model })}>
                {route.model}
              </Crumb>
            </>
          )}
          {!searching && route.view === 'post' && (
            <>
              <span className="crumb-sep" aria-hidden>›</span>
              <Crumb current>{route.post}</Crumb>
            </>
          )}
          {searching && (
            <>
              <span className="crumb-sep" aria-hidden>›</span>
              <Crumb current>Search</Crumb>
            </>
          )}
        </nav>
        )}
        {network.online === false && ov?.profile && (
          <div className="offline-banner" role="status" data-testid="offline-banner">
            <strong>Offline.</strong> Browsing, cached thumbnails and search work from this computer; originals, video playback and sync come back with
            the connection.
          </div>
        )}
        {body}
        {ov?.profile && <TransfersDock />}
      </main>
      {settingsOpen && <SettingsDialog onClose={closeSettings} onChanged={reloadProfiles} />}
    </div>
    </ToastProvider>
  );
}

function Crumb({ current, onClick, children }: { current?: boolean; onClick?: () => void; children: React.ReactNode }): React.JSX.Element {
  if (current) return <span aria-current="page">{children}</span>;
  return (
    <button className="crumb" onClick={onClick}>
      {children}
    </button>
  );
}
