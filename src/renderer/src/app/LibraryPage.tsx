import clsx from 'clsx';
import { useQuery } from '@tanstack/react-query';
import { sessionQuery } from '../data/queries';
import view from '../library/view.module.css';
import { EmptyState } from '../ui/EmptyState';
import { Notice } from '../ui/Notice';
import { UploadDropZone } from '../uploads/UploadDropZone';
import type { DropTarget } from '../uploads/useFileDrop';

interface Props {
  /** Where files dropped here go; none: this page takes no drops (search). */
  drop?: DropTarget;
  /** Search works on an index that has no models yet (it says nothing matches). */
  allowEmpty?: boolean;
  children: (profileId: string) => React.ReactNode;
}

/**
 * What a library route shows before its view: the overview loading or
 * failing, no active profile, or a library never synced — each saying what
 * to do. With a profile, the page is a drop target for uploads.
 */
export function LibraryPage({ drop, allowEmpty, children }: Props): React.JSX.Element {
  const overview = useQuery(sessionQuery('library:overview'));
  if (overview.isPending) return <p className={clsx(view.pad, view.count)}>Opening the library…</p>;
  if (overview.isError) {
    return (
      <Notice tone="error" className={view.pad} role="alert">
        {overview.error.message}
      </Notice>
    );
  }
  const { profile, models } = overview.data;
  if (!profile) {
    return (
      <EmptyState title="Choose a connection">
        No profile is active. Open Settings and make one of your connections active to browse its library — also offline.
      </EmptyState>
    );
  }
  const body =
    models === 0 && !allowEmpty ? (
      <EmptyState title="This library has not been synced yet">
        Sync “{profile.name}” to list {profile.bucket} into the local index. After that, models, thumbnails and search work even offline.
      </EmptyState>
    ) : (
      children(profile.id)
    );
  // Keyed by the target: a drop's questions belong to the place it was dropped on.
  return drop ? (
    <UploadDropZone key={JSON.stringify(drop)} target={drop}>
      {body}
    </UploadDropZone>
  ) : (
    <>{body}</>
  );
}
