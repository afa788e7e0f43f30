import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { LibraryOverview, ModelSummary, NetworkStatus, ThumbProgress } from '../../../shared/domain';
import { formatBytes, formatCount } from '../format';
import type { Loadable } from '../ipc';
import { Thumb } from '../library/Thumb';
import { thumbUrl } from '../library/urls';
import { Avatar } from './Avatar';
import './sidebar-layout.css';

interface Props {
  overview: LibraryOverview | null;
  models: Loadable<ModelSummary[]>;
  currentModel: string | null;
  onOpenModel: (model: string) => void;
  search: string;
  onSearch: (text: string) => void;
  network: NetworkStatus;
  thumbs: ThumbProgress | null;
  version: string;
  /** Slot: the profile switcher (profiles feature). */
  profileSlot?: React.ReactNode;
  /** Slot: the sync status and button (sync feature). */
  syncSlot?: React.ReactNode;
  onOpenSettings: () => void;
  section: 'library' | 'shared';
  onSection: (section: 'library' | 'shared') => void;
}

export function Sidebar(props: Props): React.JSX.Element {
  const { overview, models, network, thumbs } = props;
  const list = models.state === 'ready' ? models.data : [];
  const scroll = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: list.length, getScrollElement: () => scroll.current, estimateSize: () => 40, overscan: 8 });
  const online = network.online;
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <header className="brand">
        <span className="brand-mark" aria-hidden>◆</span>
        <span className="brand-name">Spaces Media</span>
        {/* An icon keeps the brand on one line; "Settings" stays its accessible name. */}
        <button type="button" className="icon-button settings-open-button" aria-label="Settings" title="Settings" onClick={props.onOpenSettings}>
          <GearIcon />
        </button>
      </header>
      <nav className="sidebar-nav" aria-label="Sections">
        <button type="button" aria-current={props.section === 'library' ? 'page' : undefined} onClick={() => props.onSection('library')}>
          Library
        </button>
        <button type="button" aria-current={props.section === 'shared' ? 'page' : undefined} onClick={() => props.onSection('shared')}>
          Recently shared
        </button>
      </nav>
      <section className="profile-box" aria-label="Profile" data-testid="profile-box">
        {overview?.profile ? (
          <>
            <Avatar name={overview.profile.name} size={32} />
            <span className="profile-text">
              <strong>{overview.profile.name}</strong>
              <span className="muted small">{overview.profile.bucket} · {overview.profile.host}</span>
            </span>
          </>
        ) : (
          <span className="muted small">No connection yet</span>
        )}
        {props.profileSlot}
      </section>
      <label className="search">
        <span className="visually-hidden">Search the library</span>
        <input type="search" placeholder="Search files, posts, models" value={props.search} onChange={(e) => props.onSearch(e.target.value)} data-testid="library-search" />
      </label>
      <h2 className="sidebar-heading">
        Models {models.state === 'ready' && <span className="muted">{list.length.toLocaleString()}</span>}
      </h2>
      <div className="model-list" ref={scroll} data-testid="sidebar-models" role="list" aria-label="Models">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const m = list[row.index]!;
            return (
              <button
                key={m.id}
                role="listitem"
                className={`model-list-item ${props.currentModel === m.name ? 'current' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: 38, transform: `translateY(${row.start}px)` }}
                onClick={() => props.onOpenModel(m.name)}
                aria-current={props.currentModel === m.name ? 'true' : undefined}
              >
                <span className="model-list-icon">
                  {m.iconKey && overview?.profile ? <Thumb src={thumbUrl(overview.profile.id, m.iconKey)} name={m.iconKey} /> : <Avatar name={m.name} size={26} />}
                </span>
                <span className="model-list-name">{m.name}</span>
                <span className="model-list-count" title={`${m.postCount} posts · ${m.mediaCount} items`}>
                  {m.mediaCount.toLocaleString()}
                </span>
              </button>
            );
          })}
        </div>
        {models.state === 'ready' && list.length === 0 && <p className="muted small sidebar-pad">No models yet.</p>}
      </div>
      <footer className="sidebar-footer">
        <div className="sync-box" data-testid="sync-box">
          {overview?.profile && (
            <span className="small">
              {formatCount(overview.media, 'item')} · {formatBytes(overview.bytes)} indexed
            </span>
          )}
          {props.syncSlot}
        </div>
        {thumbs && thumbs.total > 0 && thumbs.done < thumbs.total && (
          <div className="thumb-progress small" data-testid="thumb-progress" role="status">
            <span>
              {thumbs.done.toLocaleString()} of {thumbs.total.toLocaleString()} thumbnails
            </span>
            <progress max={thumbs.total} value={thumbs.done} />
          </div>
        )}
        {thumbs && thumbs.cacheBytes > 0 && (
          <div className="thumb-cache small muted" data-testid="thumb-cache">
            Thumbnail cache {formatBytes(thumbs.cacheBytes)}/{formatBytes(thumbs.cacheLimitBytes)}
            <button className="link-button small" onClick={() => void window.api.thumbs.clearCache()} title="Delete every cached thumbnail; they are made again while online">
              Clear
            </button>
          </div>
        )}
        <div className="sidebar-status">
          <div className={`net ${online === true ? 'online' : online === false ? 'offline' : 'unknown'}`} data-testid="network-status" title={network.message ?? ''}>
            <span className="net-dot" aria-hidden />
            <span className="small">{online === true ? 'Online' : online === false ? 'Offline' : 'Not connected'}</span>
            {network.host && <span className="muted small net-host">{network.host}</span>}
          </div>
          <span className="muted small app-version" data-testid="app-version" title="Spaces Media Manager version">
            {props.version && `v${props.version}`}
          </span>
        </div>
      </footer>
    </aside>
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
