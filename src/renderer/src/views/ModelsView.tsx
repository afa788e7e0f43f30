import type { ModelSort, ModelSummary } from '../../../shared/domain';
import { Avatar } from '../components/Avatar';
import { formatBytes, formatCount, formatDate } from '../format';
import type { Loadable } from '../ipc';

interface Props {
  models: Loadable<ModelSummary[]>;
  sort: ModelSort;
  onSort: (sort: ModelSort) => void;
  filter: string;
}

export function ModelsView({ models, sort, onSort, filter }: Props): React.JSX.Element {
  return (
    <section className="view">
      <header className="view-header">
        <h1>Models</h1>
        <label className="sort">
          Sort by{' '}
          <select value={sort} onChange={(e) => onSort(e.target.value as ModelSort)}>
            <option value="name">Name</option>
            <option value="size">Size</option>
            <option value="newest">Newest</option>
          </select>
        </label>
      </header>
      {models.state === 'loading' && <p className="muted">Loading the library…</p>}
      {models.state === 'error' && (
        <div className="notice error" role="alert">
          {models.error.message}
        </div>
      )}
      {models.state === 'ready' && models.data.length === 0 && (
        <div className="empty">
          <h2>{filter ? `No model matches “${filter}”` : 'Your library is empty'}</h2>
          <p className="muted">
            {filter ? 'Try a shorter filter.' : 'Add a Spaces connection and sync it to see your models here.'}
          </p>
        </div>
      )}
      {models.state === 'ready' && models.data.length > 0 && (
        <ul className="card-grid" data-testid="model-grid">
          {models.data.map((m) => (
            <li key={m.id} className="card" tabIndex={0} aria-label={m.name}>
              <div className="card-cover">
                <Avatar name={m.name} size={64} />
              </div>
              <div className="card-body">
                <h3 className="card-title">{m.name}</h3>
                <p className="card-meta">
                  {formatCount(m.postCount, 'post')} · {formatCount(m.mediaCount, 'item')} · {formatBytes(m.bytes)}
                </p>
                <p className="card-meta muted">Updated {formatDate(m.newestAt)}</p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
