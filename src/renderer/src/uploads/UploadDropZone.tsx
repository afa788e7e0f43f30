import clsx from 'clsx';
import { useId, useState } from 'react';
import type { UploadAcl } from '../../../shared/domain';
import { checkSegment } from '../../../shared/upload-keys';
import { Button } from '../ui/Button';
import styles from './UploadDropZone.module.css';
import { useFileDrop, type DropTarget } from './useFileDrop';

/**
 * Wraps a post or a model view: dropping files or folders on it uploads them
 * (a model asks for the new post's name first), "Add files…" and "Add
 * folder…" open main's own dialog, and one question per batch settles existing names.
 */
export function UploadDropZone(props: { target: DropTarget; defaultAcl?: UploadAcl; children?: React.ReactNode }): React.JSX.Element {
  const [acl, setAcl] = useState<UploadAcl>(props.defaultAcl ?? 'private');
  const drop = useFileDrop(props.target, { acl });
  const aclId = useId();
  const where =
    props.target.model === undefined ? 'a new model' : props.target.post === undefined ? `a new post of ${props.target.model}` : `${props.target.model} › ${props.target.post}`;

  return (
    <div className={clsx(styles.zone, drop.dragging && styles.dragging)} {...drop.dropProps} data-testid="dropzone">
      <div className={styles.bar}>
        <Button variant="primary" onClick={() => drop.pick('files')}>
          Add files…
        </Button>
        <Button onClick={() => drop.pick('folder')}>Add folder…</Button>
        <label htmlFor={aclId} className={styles.muted}>
          Access
        </label>
        <select id={aclId} value={acl} onChange={(e) => setAcl(e.target.value as UploadAcl)}>
          <option value="private">Private</option>
          <option value="public-read">Public</option>
        </select>
        <span className={styles.muted}>or drop files and folders here</span>
      </div>
      {props.children}
      {drop.dragging && (
        <div className={styles.overlay} aria-hidden="true">
          Drop to upload to {where}
        </div>
      )}
      {drop.state.stage === 'naming' && <NamePostDialog model={props.target.model} suggested={drop.state.suggested} onName={drop.confirmName} onCancel={drop.dismiss} />}
      {drop.state.stage === 'conflict' && (
        <div className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby="conflict-title">
          <h3 id="conflict-title">
            {drop.state.conflicts.length} of {drop.state.files} file{drop.state.files === 1 ? '' : 's'} already exist{drop.state.conflicts.length === 1 ? 's' : ''} in {drop.state.post}
          </h3>
          <p className={styles.muted}>One choice for all of them:</p>
          <ul className={styles.conflicts}>
            {drop.state.conflicts.slice(0, 5).map((c) => (
              <li key={c}>{c}</li>
            ))}
            {drop.state.conflicts.length > 5 && <li>…and {drop.state.conflicts.length - 5} more</li>}
          </ul>
          <div className={styles.buttons}>
            <Button size="sm" onClick={() => drop.resolveConflict('skip')} autoFocus>
              {drop.state.conflicts.length === 1 ? 'Skip it' : 'Skip them'}
            </Button>
            <Button size="sm" onClick={() => drop.resolveConflict('keepBoth')}>
              Keep both
            </Button>
            <Button size="sm" variant="danger" onClick={() => drop.resolveConflict('overwrite')}>
              Replace
            </Button>
            <Button size="sm" onClick={drop.dismiss}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {drop.state.stage === 'queued' && drop.state.result.skipped.length > 0 && (
        <p className={styles.message} role="status">
          Skipped {drop.state.result.skipped.length}: {drop.state.result.skipped.slice(0, 3).map((s) => `${s.path.slice(s.path.lastIndexOf('/') + 1)} (${s.reason})`).join(', ')}
          <Button size="sm" onClick={drop.dismiss} aria-label="Dismiss">
            ×
          </Button>
        </p>
      )}
      {drop.state.stage === 'error' && (
        <p className={clsx(styles.message, styles.error)} role="alert">
          {drop.state.error.message}
          <Button size="sm" onClick={drop.dismiss} aria-label="Dismiss">
            ×
          </Button>
        </p>
      )}
    </div>
  );
}

/** Names the new post, and the new model too when the drop landed on the library (model undefined). */
function NamePostDialog(props: { model?: string; suggested: string; onName(post: string, model?: string): void; onCancel(): void }): React.JSX.Element {
  const [name, setName] = useState(props.suggested);
  const [model, setModel] = useState('');
  const modelCheck = props.model === undefined ? checkSegment(model.trim(), 'model') : { ok: true as const };
  const postCheck = name.trim() === 'profile' ? { ok: false as const, message: '"profile" holds the model\'s profile media; choose another name.' } : checkSegment(name.trim(), 'post');
  const check = modelCheck.ok ? postCheck : modelCheck;
  return (
    <form
      className={styles.dialog}
      role="dialog"
      aria-modal="true"
      aria-labelledby="name-post-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (check.ok) props.onName(name, props.model === undefined ? model : undefined);
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      <h3 id="name-post-title">{props.model === undefined ? 'New model' : `New post for ${props.model}`}</h3>
      {props.model === undefined && (
        <label>
          Model name
          <input value={model} onChange={(e) => setModel(e.target.value)} autoFocus aria-invalid={!modelCheck.ok} />
        </label>
      )}
      <label>
        Post name
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus={props.model !== undefined} aria-invalid={!postCheck.ok} />
      </label>
      {!check.ok && <p className={clsx(styles.muted, styles.error)}>{check.message}</p>}
      <div className={styles.buttons}>
        <Button size="sm" type="submit" variant="primary" disabled={!check.ok}>
          Upload
        </Button>
        <Button size="sm" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
