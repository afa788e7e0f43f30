import type { ModelSummary } from '../../../shared/domain';
import { formatCount } from '../format';
import type { Loadable } from '../ipc';
import { Avatar } from './Avatar';
import { SyncPanel } from './sync/SyncPanel';

interface Props {
  models: Loadable<ModelSummary[]>;
  filter: string;
  onFilter: (text: string) => void;
  version: string;
}

export function Sidebar({ models, filter, onFilter, version }: Props): React.JSX.Element {
  return (
    <aside className="sidebar" aria-label="Sidebar">
      <header className="brand">
        <span className="brand-mark" aria-hidden>◆</span>
        <span>Spaces Media</span>
      </header>
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
      <SyncPanel />
      <footer className="sidebar-footer muted small">
        {models.state === 'ready' ? formatCount(models.data.length, 'model') : ' '}
        <span data-testid="app-version">{version && `v${version}`}</span>
      </footer>
    </aside>
  );
}
