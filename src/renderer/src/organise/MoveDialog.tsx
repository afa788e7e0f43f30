import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { profileQuery } from '../data/queries';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import { nameProblem } from './NameDialog';
import styles from './Organise.module.css';

export interface MoveDestination {
  model: string;
  post?: string;
}

interface Props {
  profileId: string;
  /** Media go into a post; posts into a model. */
  what: 'media' | 'post';
  /** "3 items", "the post “beach”". */
  subject: string;
  /** Where they are now: the first choice, and not offered as the destination itself. */
  from: { model: string; post?: string };
  /** The model chosen first (dropped on it), else where they are now. */
  initialModel?: string;
  onMove: (to: MoveDestination) => void;
  onClose: () => void;
}

const NEW_POST = '\u0000new';

/** Where to move: a model (and, for media, one of its posts or a new one). */
export function MoveDialog({ profileId, what, subject, from, initialModel, onMove, onClose }: Props): React.JSX.Element {
  const id = useId();
  const models = useQuery(profileQuery(profileId, 'library:listModels', { sort: 'name' })).data ?? [];
  const [model, setModel] = useState(initialModel ?? (what === 'media' ? from.model : ''));
  const posts = useQuery({ ...profileQuery(profileId, 'library:listPosts', { model, sort: 'name' }), enabled: what === 'media' && model !== '' }).data ?? [];
  const [post, setPost] = useState('');
  const [newPost, setNewPost] = useState('');
  const postChoices = posts.filter((p) => !(model === from.model && p.name === from.post));
  const creating = what === 'media' && (post === NEW_POST || (post === '' && postChoices.length === 0));
  const target: MoveDestination | null =
    model === ''
      ? null
      : what === 'post'
        ? model === from.model
          ? null
          : { model }
        : creating
          ? nameProblem(newPost) === null
            ? { model, post: newPost.trim() }
            : null
          : post !== ''
            ? { model, post }
            : null;
  return (
    <ModalDialog className={styles.dialog} aria-labelledby={id} onClose={onClose} data-testid="move-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (target) onMove(target);
        }}
      >
        <h2 id={id}>Move {subject}</h2>
        <label className={styles.field}>
          {what === 'media' ? 'Model' : 'Into the model'}
          <select
            aria-label="Model"
            value={model}
            autoFocus
            onChange={(e) => {
              setModel(e.target.value);
              setPost('');
            }}
          >
            <option value="" disabled>
              Choose a model…
            </option>
            {models.map((m) => (
              <option key={m.id} value={m.name} disabled={what === 'post' && m.name === from.model}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        {what === 'media' && model !== '' && (
          <label className={styles.field}>
            Post
            <select aria-label="Post" value={creating ? NEW_POST : post} onChange={(e) => setPost(e.target.value)}>
              <option value="" disabled>
                Choose a post…
              </option>
              {postChoices.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
              <option value={NEW_POST}>New post…</option>
            </select>
          </label>
        )}
        {creating && (
          <label className={styles.field}>
            Name of the new post
            <input aria-label="Name of the new post" value={newPost} onChange={(e) => setNewPost(e.target.value)} spellCheck={false} />
          </label>
        )}
        {creating && newPost !== '' && nameProblem(newPost) && <p className={styles.error}>{nameProblem(newPost)}</p>}
        {what === 'post' && model === from.model && <p className={styles.muted}>Choose another model: the post is in “{from.model}” now.</p>}
        <div className={styles.actions}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!target}>
            Move
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
