import type { ModelSort, ModelSummary } from '../../../shared/domain';
import { Avatar } from '../components/Avatar';
import { formatBytes, formatCount, formatDate } from '../format';
import type { Loadable } from '../ipc';
import { Thumb } from '../library/Thumb';
import { EmptyState, FilterInput, SortSelect } from '../library/Toolbar';
import { thumbUrl } from '../library/urls';
import { VirtualGrid } from '../library/VirtualGrid';

interface Props {
  profileId: string;
  models: Loadable<ModelSummary[]>;
  sort: ModelSort;
  onSort: (sort: ModelSort) => void;
  filter: string;
  onFilter: (text: string) => void;
  onOpen: (model: string) => void;
}

export function ModelsView({ profileId, models, sort, onSort, filter, onFilter, onOpen }: Props): React.JSX.Element {
  const list = models.state === 'ready' ? models.data : [];
  return (
    <section className="view view-grid" aria-labelledby="models-title">
      <header className="view-header">
        <h1 id="models-title">Models</h1>
        {models.state === 'ready' && <span className="muted">{formatCount(list.length, 'model')}</span>}
        <div className="toolbar">
          <FilterInput value={filter} onChange={onFilter} placeholder="Filter models" />
          <SortSelect value={sort} onChange={onSort} options={[['name', 'Name'], ['size', 'Size'], ['newest', 'Newest']]} />
        </div>
      </header>
      {models.state === 'loading' && <p className="muted view-pad">Loading the library…</p>}
      {models.state === 'error' && (
        <div className="notice error view-pad" role="alert">
          {models.error.message}
        </div>
      )}
      {models.state === 'ready' && list.length === 0 && filter && (
        <EmptyState title={`No model matches “${filter}”`}>Try a shorter filter, or search files with the box in the sidebar.</EmptyState>
      )}
      {list.length > 0 && (
        <VirtualGrid
          label="Models"
          cardNavigation
          testId="model-grid"
          count={list.length}
          minColumnWidth={210}
          rowHeight={(w) => w * 0.75 + 78}
          renderItem={(i) => {
            const m = list[i]!;
            const cover = m.thumbKey ?? m.coverKey;
            return (
              <div
                key={m.id}
                role="listitem"
                className="card model-card"
                tabIndex={0}
                aria-label={m.name}
                onClick={() => onOpen(m.name)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onOpen(m.name);
                  }
                }}
              >
                <div className="card-cover">
                  {cover ? <Thumb src={thumbUrl(profileId, cover)} name={cover} /> : <Avatar name={m.name} size={72} />}
                  <span className="card-icon">
                    {m.iconKey ? <Thumb src={thumbUrl(profileId, m.iconKey)} name={m.iconKey} /> : <Avatar name={m.name} size={40} />}
                  </span>
                </div>
                <div className="card-body">
                  <h3 className="card-title">{m.name}</h3>
                  <p className="card-meta">
                    {formatCount(m.postCount, 'post')} · {formatCount(m.mediaCount, 'item')} · {formatBytes(m.bytes)}
                  </p>
                  <p className="card-meta muted">Updated {formatDate(m.newestAt)}</p>
                </div>
              </div>
            );
          }}
        />
      )}
    </section>
  );
}
