import type { ModelSummary } from '../../../shared/domain';
import { formatCount } from '../format';
import type { Loadable } from '../ipc';
import { Avatar } from './Avatar';

export type AppView = 'library' | 'shared';

interface Props {
  models: Loadable<ModelSummary[]>;
  filter: string;
  onFilter: (text: string) => void;
  version: string;
  view: AppView;
  onView: (view: AppView) => void;
  onOpenSettings?: () => void;
}

export function Sidebar({ models, filter, onFilter, version, view, onView, onOpenSettings }: Props): React.JSX.Element {
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <header className="brand">
        <span className="brand-mark" aria-hidden>◆</span>
        <span>Spaces Media</span>
        {onOpenSettings && (
          <button type="button" className="set-btn set-btn-quiet settings-open-button" onClick={onOpenSettings}>
            Settings
          </button>
        )}
      </header>
      <nav className="sidebar-nav" aria-label="Sections">
        <button type="button" aria-current={view === 'library' ? 'page' : undefined} onClick={() => onView('library')}>
          Library
        </button>
        <button type="button" aria-current={view === 'shared' ? 'page' : undefined} onClick={() => onView('shared')}>
          Recently shared
        </button>
      </nav>
      <label className="search">
        <span className="visually-hidden">Filter models</span>
        <input type="search" placeholder="Filter models" value={filter} onChange={(e) => onFilter(e.target.value)} />
      </label>
      <h2 className="sidebar-heading">Models</h2>
      <ul className="model-list" data-testid="sidebar-models">
        {models.state === 'ready' &&
          models.data.map((m) => (
            <li key={m.id} className="model-list-item">
              <Avatar name={m.name} size={28} />
              <span className="model-list-name">{m.name}</span>
              <span className="model-list-count">{m.mediaCount}</span>
            </li>
          ))}
        {models.state === 'ready' && models.data.length === 0 && <li className="muted small">No models yet.</li>}
      </ul>
      <footer className="sidebar-footer muted small">
        {models.state === 'ready' ? formatCount(models.data.length, 'model') : ' '}
        <span data-testid="app-version">{version && `v${version}`}</span>
      </footer>
    </aside>
  );
}
