import { MODEL_IMAGE_ROLES, type ModelImageRole } from '../../../shared/organise';
import { useShowDialog } from '../actions/ActionHost';
import type { Action, ActionTarget } from '../actions/types';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { MoveDialog } from './MoveDialog';
import { NameDialog } from './NameDialog';
import { currentName, describe, sourcesOf } from './sources';
import { useOrganise, type OrganiseRunner } from './useOrganise';

const ROLE_LABELS: Record<ModelImageRole, string> = {
  thumbnail: 'Use as the model’s thumbnail',
  icon: 'Use as the model’s profile icon',
  banner: 'Use as the model’s banner',
};

/** Rename (F2), Move to…, Delete (Delete key) for media, posts and models; a model's pictures from an image. */
export function useOrganiseActions(target: ActionTarget | null): Action[] {
  const organise = useOrganise();
  const showDialog = useShowDialog();
  if (!target) return [];
  const single = target.kind === 'media' ? target.count === 1 : target.kind === 'post' ? target.posts.length === 1 : target.models.length === 1;
  const actions: Action[] = [];
  const name = currentName(target);
  actions.push({
    id: 'rename',
    label: 'Rename…',
    group: 'organise',
    key: 'F2',
    disabled: single ? false : 'Rename one at a time',
    run: () => {
      if (target.beginRename) return target.beginRename();
      if (name === undefined) return;
      showDialog((close) => (
        <NameDialog
          title={`Rename ${describe(target)}`}
          value={name}
          selectStem={target.kind === 'media'}
          onClose={close}
          onSubmit={(next) => {
            close();
            void renameTarget(organise, target, next);
          }}
        />
      ));
    },
  });
  if (target.kind !== 'model') {
    actions.push({
      id: 'move',
      label: 'Move to…',
      group: 'organise',
      run: () =>
        showDialog((close) => (
          <MoveDialog
            profileId={target.profileId}
            what={target.kind}
            subject={describe(target)}
            from={target.kind === 'media' ? { model: target.model, post: target.post } : { model: target.model }}
            onClose={close}
            onMove={(to) => {
              close();
              void sourcesOf(target).then((sources) => organise.move(sources, to));
            }}
          />
        )),
    });
  }
  if (target.kind === 'media' && target.count === 1 && target.first?.kind === 'image') {
    const key = target.first.key;
    for (const role of MODEL_IMAGE_ROLES) {
      actions.push({ id: `set-${role}`, label: ROLE_LABELS[role], group: 'model-image', run: () => void organise.setModelImage(key, target.model, role) });
    }
  }
  actions.push({
    id: 'delete',
    label: target.kind === 'media' ? (single ? 'Delete' : `Delete ${target.count.toLocaleString()} items`) : 'Delete…',
    group: 'danger',
    key: 'Delete',
    shortcut: 'Del',
    danger: true,
    run: () => {
      // Media go at once (held for Undo); posts and models ask first, naming what they hold.
      if (target.kind === 'media') return void sourcesOf(target).then((sources) => organise.delete(sources));
      void sourcesOf(target).then((sources) =>
        showDialog((close) => (
          <ConfirmDeleteDialog
            profileId={target.profileId}
            sources={sources}
            subject={describe(target)}
            onClose={close}
            onConfirm={(confirm) => {
              close();
              void organise.delete(sources, confirm);
            }}
          />
        )),
      );
    },
  });
  return actions;
}

/** Renames the target's one file, post or model. */
export async function renameTarget(organise: OrganiseRunner, target: ActionTarget, name: string): Promise<void> {
  const [source] = await sourcesOf(target);
  if (source) await organise.rename(source, name);
}
