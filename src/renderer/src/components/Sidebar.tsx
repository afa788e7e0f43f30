import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useRouter, useRouterState } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import clsx from 'clsx';
import { useMemo, useRef, useState } from 'react';
import type { ModelSummary, NetworkStatus, PostSummary } from '../../../shared/domain';
import { usePlace, type Place } from '../app/place';
import { useApiMutation } from '../data/mutations';
import { profileQuery, sessionQuery } from '../data/queries';
import { formatBytes, formatCount } from '../format';
import { Thumb } from '../library/Thumb';
import { thumbUrl } from '../library/urls';
import { useModelDrop, usePostDrop } from '../organise/useModelDrop';
import { Button } from '../ui/Button';
import text from '../ui/text.module.css';
import { useDraftText } from '../ui/useDraftText';
import { ClearThumbnailsDialog } from '../views/settings/ClearThumbnailsDialog';
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
        <Link to="/" activeOptions={{ exact: true }} className={styles.section} aria-current={place.view !== 'shared' && place.view !== 'duplicates' ? 'page' : undefined}>
          Library
        </Link>
        <Link to="/shared" className={styles.section} aria-current={place.view === 'shared' ? 'page' : undefined}>
          Recently shared
        </Link>
        <Link to="/duplicates" className={styles.section} aria-current={place.view === 'duplicates' ? 'page' : undefined}>
          Duplicates
        </Link>
      </nav>
      <section className={styles.profile} aria-label="Profile" data-testid="profile-box">
        {active ? (
          <div className={styles.profileHead}>
            <Avatar name={active.name} size={32} />
            <span className={styles.profileText}>
              <strong title={active.name}>{active.name}</strong>
              {/* Bucket and host on lines of their own: a long host wraps instead of being cut off. */}
              <span className={clsx(text.muted, text.small)}>{active.bucket}</span>
              <span className={clsx(text.muted, text.small, styles.host)} data-testid="profile-host">
                {active.host}
              </span>
            </span>
          </div>
        ) : (
          <span className={clsx(text.muted, text.small)}>No connection yet</span>
        )}
        <ProfileSwitcher activeId={active?.id ?? null} onManage={onOpenSettings} />
      </section>
      <SearchBox />
      <ModelList profileId={active?.id ?? null} place={place} />
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

/** A row of the sidebar's tree: every model, and under the open one its posts. */
type TreeRow = { kind: 'model'; model: ModelSummary } | { kind: 'post'; post: PostSummary };

const ROW_HEIGHT = { model: 40, post: 32 } as const;

function ModelList({ profileId, place }: { profileId: string | null; place: Place }): React.JSX.Element {
  const currentModel = place.view === 'model' || place.view === 'post' ? place.model : null;
  const currentPost = place.view === 'post' ? place.post : null;
  const models = useQuery(profileQuery(profileId, 'library:listModels', { sort: 'name' }));
  // The open model's posts, so tiles can be dragged onto a sibling post (or one of a model held open).
  const posts = useQuery({ ...profileQuery(profileId, 'library:listPosts', { model: currentModel ?? '', sort: 'name' }), enabled: profileId !== null && currentModel !== null });
  const list = models.data ?? [];
  const rows = useMemo(() => {
    const out: TreeRow[] = [];
    for (const model of models.data ?? []) {
      out.push({ kind: 'model', model });
      if (model.name === currentModel && posts.data?.[0]?.model === currentModel) out.push(...posts.data.map((post) => ({ kind: 'post' as const, post })));
    }
    return out;
  }, [models.data, currentModel, posts.data]);
  const navigate = useNavigate();
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroll.current,
    estimateSize: (i) => ROW_HEIGHT[rows[i]!.kind],
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === 'model' ? `m${row.model.id}` : `p${row.post.id}`;
    },
    overscan: 8,
  });
  return (
    <>
      <h2 className={styles.heading}>
        Models {models.isSuccess && <span className={text.muted}>{list.length.toLocaleString()}</span>}
      </h2>
      <div className={styles.models} ref={scroll} data-testid="sidebar-models" role="list" aria-label="Models">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            if (row.kind === 'post') {
              const p = row.post;
              return (
                <SidebarPost
                  key={item.key}
                  post={p}
                  current={currentPost === p.name}
                  top={item.start}
                  onOpen={() => void navigate({ to: '/models/$model/$post', params: { model: p.model, post: p.name } })}
                />
              );
            }
            const m = row.model;
            return (
              <SidebarModel
                key={item.key}
                profileId={profileId}
                model={m}
                current={currentModel === m.name}
                top={item.start}
                onOpen={() => void navigate({ to: '/models/$model', params: { model: m.name } })}
              />
            );
          })}
        </div>
        {models.isSuccess && list.length === 0 && <p className={clsx(text.muted, text.small, styles.noModels)}>No models yet.</p>}
      </div>
    </>
  );
}

/** Switching the active profile from the sidebar (more than one profile), or managing them in Settings. */
function ProfileSwitcher({ activeId, onManage }: { activeId: string | null; onManage: () => void }): React.JSX.Element {
  const list = useQuery(sessionQuery('profiles:list')).data;
  const switchTo = useApiMutation('profiles:setActive');
  const profiles = list?.profiles ?? [];
  return (
    <div className={styles.switcher}>
      {profiles.length > 1 && (
        <select
          aria-label="Active profile"
          data-testid="profile-switcher"
          value={activeId ?? ''}
          disabled={switchTo.isPending}
          onChange={(e) => switchTo.mutate({ id: e.target.value })}
        >
          {activeId === null && <option value="">Choose a profile…</option>}
          {profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      <Button variant="link" onClick={onManage} className={text.small}>
        {profiles.length > 1 ? 'Manage…' : 'Connections…'}
      </Button>
      {switchTo.isError && (
        <span className={clsx(text.small, styles.error)} role="alert">
          {switchTo.error.message}
        </span>
      )}
    </div>
  );
}

interface ModelRowProps {
  profileId: string | null;
  model: ModelSummary;
  current: boolean;
  top: number;
  onOpen: () => void;
}

/** A model in the sidebar: opens it; takes post cards and media tiles dropped on it (moves them there). */
function SidebarModel({ profileId, model: m, current, top, onOpen }: ModelRowProps): React.JSX.Element {
  const drop = useModelDrop(profileId, m.name, onOpen);
  return (
    <button
      type="button"
      role="listitem"
      className={styles.model}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT.model - 2, transform: `translateY(${top}px)` }}
      onClick={onOpen}
      aria-current={current ? 'true' : undefined}
      data-drop-active={drop.active || undefined}
      {...drop.props}
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
}

/** A post of the open model, under it in the sidebar: opens it; takes media tiles dropped on it (moves them there). */
function SidebarPost({ post: p, current, top, onOpen }: { post: PostSummary; current: boolean; top: number; onOpen: () => void }): React.JSX.Element {
  const drop = usePostDrop(p.model, p.name);
  return (
    <button
      type="button"
      role="listitem"
      className={clsx(styles.model, styles.post)}
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT.post - 2, transform: `translateY(${top}px)` }}
      onClick={onOpen}
      aria-current={current ? 'true' : undefined}
      aria-label={`${p.name}, post of ${p.model}, ${formatCount(p.mediaCount, 'item')}`}
      data-testid="sidebar-post"
      data-post={p.name}
      data-drop-active={drop.active || undefined}
      {...drop.props}
    >
      <span className={styles.modelName}>{p.name}</span>
      <span className={styles.modelCount}>{p.mediaCount.toLocaleString()}</span>
    </button>
  );
}

/** Background thumbnail work and the cache's size, with Clear (which asks first). */
function ThumbnailStatus(): React.JSX.Element {
  const thumbs = useQuery(sessionQuery('thumbs:status')).data;
  const [clearing, setClearing] = useState(false);
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
          <span className={styles.thumbCacheText}>
            Thumbnails {formatBytes(thumbs.cacheBytes)} of {formatBytes(thumbs.cacheLimitBytes)}
          </span>
          <Button variant="link" onClick={() => setClearing(true)} title="Delete every cached thumbnail; they are made again while online">
            Clear…
          </Button>
        </div>
      )}
      {clearing && <ClearThumbnailsDialog onClose={() => setClearing(false)} />}
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
