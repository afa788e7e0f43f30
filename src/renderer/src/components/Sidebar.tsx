import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useRouter, useRouterState } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import clsx from 'clsx';
import { useRef } from 'react';
import type { NetworkStatus } from '../../../shared/domain';
import { usePlace } from '../app/place';
import { useApiMutation } from '../data/mutations';
import { profileQuery, sessionQuery } from '../data/queries';
import { formatBytes, formatCount } from '../format';
import { Thumb } from '../library/Thumb';
import { thumbUrl } from '../library/urls';
import { Button } from '../ui/Button';
import text from '../ui/text.module.css';
import { useDraftText } from '../ui/useDraftText';
import { Avatar } from './Avatar';
import styles from './Sidebar.module.css';
import { SyncPanel } from './sync/SyncPanel';

interface Props {
  network: NetworkStatus;
  onOpenSettings: () => void;
}

/** Brand and Settings, sections, the active profile, search, every model, and the footer's status. */
export function Sidebar({ network, onOpenSettings }: Props): React.JSX.Element {
  const profile = useQuery(sessionQuery('library:overview')).data;
  const active = profile?.profile ?? null;
  const place = usePlace();
  const online = network.online;
  return (
    <aside className={styles.sidebar} aria-label="Sidebar">
      <header className={styles.brand} data-testid="brand">
        <span className={styles.brandMark} aria-hidden>
          ◆
        </span>
        <span className={styles.brandName} data-testid="brand-name">
          Spaces Media
        </span>
        {/* An icon keeps the brand on one line; "Settings" stays its accessible name. */}
        <button type="button" className={styles.settingsButton} aria-label="Settings" title="Settings" onClick={onOpenSettings}>
          <GearIcon />
        </button>
      </header>
      <nav className={styles.sections} aria-label="Sections">
        <Link to="/" activeOptions={{ exact: true }} className={styles.section} aria-current={place.view !== 'shared' ? 'page' : undefined}>
          Library
        </Link>
        <Link to="/shared" className={styles.section} aria-current={place.view === 'shared' ? 'page' : undefined}>
          Recently shared
        </Link>
      </nav>
      <section className={styles.profile} aria-label="Profile" data-testid="profile-box">
        {active ? (
          <>
            <Avatar name={active.name} size={32} />
            <span className={styles.profileText}>
              <strong>{active.name}</strong>
              <span className={clsx(text.muted, text.small)}>
                {active.bucket} · {active.host}
              </span>
            </span>
          </>
        ) : (
          <span className={clsx(text.muted, text.small)}>No connection yet</span>
        )}
      </section>
      <SearchBox />
      <ModelList profileId={active?.id ?? null} currentModel={place.view === 'model' || place.view === 'post' ? place.model : null} />
      <footer className={styles.footer} data-testid="sidebar-footer">
        <div className={styles.totals} data-testid="sync-box">
          {active && profile && (
            <span className={text.small}>
              {formatCount(profile.media, 'item')} · {formatBytes(profile.bytes)} indexed
            </span>
          )}
          {active && <SyncPanel />}
        </div>
        <ThumbnailStatus />
        <div className={styles.status}>
          <div className={clsx(styles.net, online === true && styles.online, online === false && styles.offline)} data-testid="network-status" title={network.message ?? ''}>
            <span className={styles.netDot} aria-hidden />
            <span className={text.small}>{online === true ? 'Online' : online === false ? 'Offline' : 'Not connected'}</span>
            {network.host && <span className={clsx(text.muted, text.small, styles.netHost)}>{network.host}</span>}
          </div>
          <Version />
        </div>
      </footer>
    </aside>
  );
}

/**
 * Search as you type: the first letter opens #/search, later ones replace
 * its query (one history entry per search); clearing the box goes back to
 * where the search started.
 */
function SearchBox(): React.JSX.Element {
  const router = useRouter();
  const navigate = useNavigate();
  const place = usePlace();
  const q = useRouterState({ select: (s) => (s.location.search as { q?: unknown }).q });
  const onSearch = place.view === 'search';
  const [draft, change] = useDraftText(onSearch && typeof q === 'string' ? q : '', (next) => {
    if (next.trim() === '') {
      if (onSearch) {
        if (router.history.canGoBack()) router.history.back();
        else void navigate({ to: '/', replace: true });
      }
      return;
    }
    void navigate({ to: '/search', search: { q: next }, replace: onSearch });
  });
  return (
    <label className={styles.search}>
      <span className={text.visuallyHidden}>Search the library</span>
      <input type="search" placeholder="Search files, posts, models" value={draft} onChange={(e) => change(e.target.value)} data-testid="library-search" />
    </label>
  );
}

function ModelList({ profileId, currentModel }: { profileId: string | null; currentModel: string | null }): React.JSX.Element {
  const models = useQuery(profileQuery(profileId, 'library:listModels', { sort: 'name' }));
  const list = models.data ?? [];
  const navigate = useNavigate();
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: list.length, getScrollElement: () => scroll.current, estimateSize: () => 40, overscan: 8 });
  return (
    <>
      <h2 className={styles.heading}>
        Models {models.isSuccess && <span className={text.muted}>{list.length.toLocaleString()}</span>}
      </h2>
      <div className={styles.models} ref={scroll} data-testid="sidebar-models" role="list" aria-label="Models">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const m = list[row.index]!;
            const current = currentModel === m.name;
            return (
              <button
                key={m.id}
                type="button"
                role="listitem"
                className={styles.model}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: 38, transform: `translateY(${row.start}px)` }}
                onClick={() => void navigate({ to: '/models/$model', params: { model: m.name } })}
                aria-current={current ? 'true' : undefined}
              >
                <span className={styles.modelIcon}>
                  {m.iconKey && profileId ? <Thumb src={thumbUrl(profileId, m.iconKey)} name={m.iconKey} /> : <Avatar name={m.name} size={26} />}
                </span>
                <span className={styles.modelName}>{m.name}</span>
                <span className={styles.modelCount} title={`${m.postCount} posts · ${m.mediaCount} items`}>
                  {m.mediaCount.toLocaleString()}
                </span>
              </button>
            );
          })}
        </div>
        {models.isSuccess && list.length === 0 && <p className={clsx(text.muted, text.small, styles.noModels)}>No models yet.</p>}
      </div>
    </>
  );
}

/** Background thumbnail work and the cache's size, with Clear. */
function ThumbnailStatus(): React.JSX.Element {
  const thumbs = useQuery(sessionQuery('thumbs:status')).data;
  const clear = useApiMutation('thumbs:clearCache');
  if (!thumbs) return <></>;
  return (
    <>
      {thumbs.total > 0 && thumbs.done < thumbs.total && (
        <div className={clsx(styles.thumbProgress, text.small)} data-testid="thumb-progress" role="status">
          <span>
            {thumbs.done.toLocaleString()} of {thumbs.total.toLocaleString()} thumbnails
          </span>
          <progress max={thumbs.total} value={thumbs.done} />
        </div>
      )}
      {thumbs.cacheBytes > 0 && (
        <div className={clsx(styles.thumbCache, text.small, text.muted)} data-testid="thumb-cache">
          Thumbnail cache {formatBytes(thumbs.cacheBytes)}/{formatBytes(thumbs.cacheLimitBytes)}
          <Button variant="link" onClick={() => clear.mutate(undefined)} title="Delete every cached thumbnail; they are made again while online">
            Clear
          </Button>
        </div>
      )}
    </>
  );
}

function Version(): React.JSX.Element {
  const version = useQuery({ ...sessionQuery('app:info'), select: (info) => info.version }).data;
  return (
    <span className={clsx(text.muted, text.small, styles.version)} data-testid="app-version" title="Spaces Media Manager version">
      {version && `v${version}`}
    </span>
  );
}

/** A cog (24×24, stroke in the text colour). */
function GearIcon(): React.JSX.Element {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden focusable="false">
      <path d="M12.22 2h-.44a2 2 0 0 0-2 2v.18a2 2 0 0 1-1 1.73l-.43.25a2 2 0 0 1-2 0l-.15-.08a2 2 0 0 0-2.73.73l-.22.38a2 2 0 0 0 .73 2.73l.15.1a2 2 0 0 1 1 1.72v.51a2 2 0 0 1-1 1.74l-.15.09a2 2 0 0 0-.73 2.73l.22.38a2 2 0 0 0 2.73.73l.15-.08a2 2 0 0 1 2 0l.43.25a2 2 0 0 1 1 1.73V20a2 2 0 0 0 2 2h.44a2 2 0 0 0 2-2v-.18a2 2 0 0 1 1-1.73l.43-.25a2 2 0 0 1 2 0l.15.08a2 2 0 0 0 2.73-.73l.22-.39a2 2 0 0 0-.73-2.73l-.15-.08a2 2 0 0 1-1-1.74v-.5a2 2 0 0 1 1-1.74l.15-.09a2 2 0 0 0 .73-2.73l-.22-.38a2 2 0 0 0-2.73-.73l-.15.08a2 2 0 0 1-2 0l-.43-.25a2 2 0 0 1-1-1.73V4a2 2 0 0 0-2-2z" />
      <circle cx="12" cy="12" r="3" />
    </svg>
  );
}
