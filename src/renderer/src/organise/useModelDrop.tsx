import { useShowDialog } from '../actions/ActionHost';
import { formatCount } from '../format';
import { useDropTarget, type DragPayload } from './drag';
import { MoveDialog } from './MoveDialog';
import { useOrganise } from './useOrganise';

/**
 * A model (in the sidebar) as a drop target: post cards dropped on it move
 * there at once (Undo in the toast); media tiles open Move with that model
 * chosen, to pick or name the post.
 */
export function useModelDrop(profileId: string | null, model: string): ReturnType<typeof useDropTarget> {
  const organise = useOrganise();
  const showDialog = useShowDialog();
  const accepts = (p: DragPayload) => profileId !== null && !(p.kind === 'post' && p.model === model);
  return useDropTarget(accepts, (payload) => {
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
}
