import { useEffect, useRef } from 'react';
import { useShowDialog } from '../actions/ActionHost';
import { formatCount } from '../format';
import { draggingKind, useDropTarget, type DragPayload } from './drag';
import { MoveDialog } from './MoveDialog';
import { useOrganise } from './useOrganise';

/**
 * A model (in the sidebar) as a drop target: post cards dropped on it move
 * there at once (Undo in the toast); media tiles held over it open the
 * model (drop them on a post card), or dropped on it open Move with that
 * model chosen, to pick or name the post.
 */
export function useModelDrop(profileId: string | null, model: string, open: () => void): ReturnType<typeof useDropTarget> {
  const organise = useOrganise();
  const showDialog = useShowDialog();
  const accepts = (p: DragPayload) => profileId !== null && !(p.kind === 'post' && p.model === model);
  const drop = useDropTarget(accepts, (payload) => {
    if (payload.kind === 'post') {
      void organise.move(
        payload.posts.map((post) => ({ kind: 'post', model: payload.model, post })),
        { model },
      );
      return;
    }
    showDialog((close) => (
      <MoveDialog
        profileId={profileId!}
        what="media"
        subject={payload.count === 1 ? 'the item' : formatCount(payload.count, 'item')}
        from={{ model: payload.model, post: payload.post }}
        initialModel={model}
        onClose={close}
        onMove={(to) => {
          close();
          void payload.items().then((items) => organise.move(items.map((m) => ({ kind: 'media', key: m.key })), to));
        }}
      />
    ));
  });
  // Spring-loaded, as file managers are: files held over a model open it, to be dropped on one of its post cards.
  const latestOpen = useRef(open);
  useEffect(() => {
    latestOpen.current = open;
  });
  const springs = drop.active && draggingKind() === 'media';
  useEffect(() => {
    if (!springs) return;
    const timer = setTimeout(() => latestOpen.current(), SPRING_MS);
    return () => clearTimeout(timer);
  }, [springs]);
  return drop;
}

/** How long files are held over a model before it opens. */
const SPRING_MS = 800;

/**
 * A post card as a drop target for media tiles (brought here by holding
 * them over the model in the sidebar): they move into that post at once,
 * with Undo in the toast.
 */
export function usePostDrop(model: string, post: string): ReturnType<typeof useDropTarget> {
  const organise = useOrganise();
  return useDropTarget(
    (p) => p.kind === 'media' && !(p.model === model && p.post === post),
    (payload) => {
      if (payload.kind !== 'media') return;
      void payload.items().then((items) => organise.move(items.map((m) => ({ kind: 'media', key: m.key })), { model, post }));
    },
  );
}
