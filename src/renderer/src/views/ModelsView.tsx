import clsx from 'clsx';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ModelSort } from '../../../shared/domain';
import { Avatar } from '../components/Avatar';
import { profileQuery } from '../data/queries';
import { formatBytes, formatCount, formatDate } from '../format';
import { Card, coverClass } from '../library/Card';
import { Thumb } from '../library/Thumb';
import { FilterInput, SortSelect } from '../library/Toolbar';
import { thumbUrl } from '../library/urls';
import view from '../library/view.module.css';
import { VirtualGrid } from '../library/VirtualGrid';
import { PinBadge } from '../offline/PinBadge';
import { pinFor, usePins } from '../offline/pins';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';

interface Props {
  profileId: string;
  sort: ModelSort;
  onSort: (sort: ModelSort) => void;
  filter: string;
  onFilter: (text: string) => void;
  onOpen: (model: string) => void;
}

/** Every model as a card: cover, icon, posts, items, size. */
export function ModelsView({ profileId, sort, onSort, filter, onFilter, onOpen }: Props): React.JSX.Element {
  // While a new filter's answer comes, the cards of the last one stay.
  const models = useQuery({ ...profileQuery(profileId, 'library:listModels', { sort, filter }), placeholderData: keepPreviousData });
  const list = models.data ?? [];
  const pins = usePins(profileId);
  return (
    <section className={view.view} aria-labelledby="models-title">
      <header className={view.header}>
        <h1 id="models-title">Models</h1>
        {models.isSuccess && <span className={view.count}>{formatCount(list.length, 'model')}</span>}
        <div className={view.toolbar}>
          <FilterInput value={filter} onChange={onFilter} placeholder="Filter models" />
          <SortSelect value={sort} onChange={onSort} options={[['name', 'Name'], ['size', 'Size'], ['newest', 'Newest']]} />
        </div>
      </header>
      {models.isPending && <p className={clsx(view.pad, view.count)}>Loading the library…</p>}
      {models.isError && (
        <Notice tone="error" className={view.pad} role="alert">
          {models.error.message}
        </Notice>
      )}
      {models.isSuccess && list.length === 0 && filter && (
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
            const pinned = pinFor(pins, { model: m.name, post: null });
            return (
              <Card
                key={m.id}
                name={m.name}
                onOpen={() => onOpen(m.name)}
                cover={cover ? <Thumb src={thumbUrl(profileId, cover)} name={cover} className={coverClass} /> : <Avatar name={m.name} size={72} />}
                icon={m.iconKey ? <Thumb src={thumbUrl(profileId, m.iconKey)} name={m.iconKey} /> : <Avatar name={m.name} size={40} />}
                meta={`${formatCount(m.postCount, 'post')} · ${formatCount(m.mediaCount, 'item')} · ${formatBytes(m.bytes)}`}
                note={`Updated ${formatDate(m.newestAt)}`}
                badge={pinned && <PinBadge pin={pinned.pin} />}
              />
            );
          }}
        />
      )}
    </section>
  );
}
