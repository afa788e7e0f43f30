import { useInfiniteQuery } from '@tanstack/react-query';
import type { DuplicateGroup } from '../../../shared/domain';
import { call } from '../data/call';
import { profileKey } from '../data/query-keys';
import { formatBytes, formatCount } from '../format';
import { Thumb } from '../library/Thumb';
import { thumbUrl } from '../library/urls';
import view from '../library/view.module.css';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import styles from './DuplicatesView.module.css';

const PAGE = 100;

interface Props {
  profileId: string;
  onOpenPost: (model: string, post: string, key: string) => void;
}

/**
 * The same content under several keys: groups of objects with one size and
 * ETag across the library, the most bytes spent on extra copies first, with
 * where each copy lives (a link into its post).
 */
export function DuplicatesView({ profileId, onOpenPost }: Props): React.JSX.Element {
  const groups = useInfiniteQuery({
    queryKey: profileKey(profileId, 'library:duplicates', { limit: PAGE }),
    queryFn: ({ pageParam }) => call('library:duplicates', { offset: pageParam, limit: PAGE }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.groups.length < last.totalGroups ? last.offset + last.groups.length : undefined),
  });
  const first = groups.data?.pages[0];
  const all = groups.data?.pages.flatMap((p) => p.groups) ?? [];

  return (
    <section className={view.view} aria-labelledby="duplicates-title">
      <header className={view.header}>
        <h1 id="duplicates-title">Duplicates</h1>
        {first && first.totalGroups > 0 && (
          <span className={view.count} data-testid="duplicates-summary">
            {formatCount(first.totalGroups, 'file')} stored more than once · {formatCount(first.extraCopies, 'extra copy', 'extra copies')} · {formatBytes(first.extraBytes)}{' '}
            in extra copies
          </span>
        )}
      </header>
      <p className={styles.note}>
        Files with the same size and ETag have the same content. A copy uploaded in parts of another size has another ETag and is not listed.
      </p>
      {groups.isError && (
        <Notice tone="error" className={view.pad} role="alert">
          {groups.error.message}
        </Notice>
      )}
      {first && first.totalGroups === 0 && <EmptyState title="No duplicates">Every file in the synced index is stored once. Sync to include the newest files.</EmptyState>}
      {all.length > 0 && (
        <div className={styles.scroll}>
          <ul className={styles.groups} aria-label="Duplicate files">
            {all.map((g) => (
              <Group key={`${g.etag}\n${g.size}`} group={g} profileId={profileId} onOpenPost={onOpenPost} />
            ))}
          </ul>
          {groups.hasNextPage && (
            <Button className={styles.more} onClick={() => void groups.fetchNextPage()} disabled={groups.isFetchingNextPage}>
              {groups.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

function Group({ group, profileId, onOpenPost }: { group: DuplicateGroup; profileId: string } & Pick<Props, 'onOpenPost'>): React.JSX.Element {
  const [first] = group.copies;
  const titleId = `dup-${group.etag}-${group.size}`;
  return (
    <li className={styles.group} aria-labelledby={titleId} data-testid="duplicate-group">
      <Thumb src={first ? thumbUrl(profileId, first.key, group.etag) : null} kind={first?.kind} name={first?.name} className={styles.thumb} />
      <div className={styles.body}>
        <h2 id={titleId} className={styles.title}>
          {first?.name ?? group.etag}
        </h2>
        <p className={styles.meta}>
          {formatCount(group.copies.length, 'copy', 'copies')} of {formatBytes(group.size)} · {formatBytes(group.size * (group.copies.length - 1))} in extra copies
        </p>
        <ul className={styles.copies} aria-label={`Where ${first?.name ?? 'it'} is stored`}>
          {group.copies.map((c) => (
            <li key={c.key}>
              {c.model && c.post && c.role === 'media' ? (
                <Button variant="link" onClick={() => onOpenPost(c.model!, c.post!, c.key)} title={c.key}>
                  {c.model} › {c.post} › {c.name}
                </Button>
              ) : (
                <code title="Outside the models and posts layout">{c.key}</code>
              )}
            </li>
          ))}
        </ul>
      </div>
    </li>
  );
}
