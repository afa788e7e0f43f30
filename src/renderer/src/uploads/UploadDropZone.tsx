import clsx from 'clsx';
import { useId, useState } from 'react';
import type { UploadAcl, UploadDuplicate } from '../../../shared/domain';
import { checkSegment } from '../../../shared/upload-keys';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import styles from './UploadDropZone.module.css';
import { useFileDrop, type DropStage, type DropTarget } from './useFileDrop';

/**
 * Wraps a post or a model view: dropping files or folders on it uploads them
 * (a model asks for the new post's name first), "Add files…" and "Add
 * folder…" open main's own dialog, and one question per batch settles
 * existing names, then one about files the library already has elsewhere.
 * Uploads are private or public as the profile's "New uploads are" setting
 * says, unless changed here.
 */
export function UploadDropZone(props: { target: DropTarget; defaultAcl?: UploadAcl; children?: React.ReactNode }): React.JSX.Element {
  // Chosen here for this place, else the profile's setting (which may change in Settings meanwhile).
  const [chosenAcl, setAcl] = useState<UploadAcl | null>(null);
  const acl = chosenAcl ?? props.defaultAcl ?? 'private';
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
        <select id={aclId} value={acl} onChange={(e) => setAcl(e.target.value as UploadAcl)} data-testid="upload-acl">
          <option value="private">Private</option>
          <option value="public-read">Public</option>
        </select>
        <span className={styles.muted}>or drop files and folders here</span>
        {drop.state.stage === 'starting' && (
          <span className={styles.muted} role="status">
            Checking the files…
          </span>
        )}
      </div>
      {props.children}
      {drop.dragging && (
        <div className={styles.overlay} aria-hidden="true">
          Drop to upload to {where}
        </div>
      )}
      {drop.state.stage === 'naming' && <NamePostDialog model={props.target.model} suggested={drop.state.suggested} onName={drop.confirmName} onCancel={drop.dismiss} />}
      {drop.state.stage === 'conflict' && <ConflictDialog state={drop.state} onChoose={drop.resolveConflict} onCancel={drop.dismiss} />}
      {drop.state.stage === 'duplicates' && <DuplicatesDialog state={drop.state} onChoose={drop.resolveDuplicates} onCancel={drop.dismiss} />}
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

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Existing names in the target post: one choice for the whole batch, worded for one file or many. */
function ConflictDialog({ state, onChoose, onCancel }: { state: Extract<DropStage, { stage: 'conflict' }>; onChoose: (p: 'skip' | 'keepBoth' | 'overwrite') => void; onCancel: () => void }): React.JSX.Element {
  const n = state.conflicts.length;
  const one = n === 1;
  const title = one
    ? `“${fileName(state.conflicts[0]!)}” is already in ${state.post}`
    : n === state.files
      ? `All ${n} files are already in ${state.post}`
      : `${n} of ${state.files} files are already in ${state.post}`;
  return (
    <ModalDialog className={styles.dialog} aria-labelledby="conflict-title" onClose={onCancel} data-testid="conflict-dialog">
      <h3 id="conflict-title">{title}</h3>
      {one ? (
        <p className={styles.muted}>Replace the file in the bucket, keep both (the new one gets a numbered name), or skip it.</p>
      ) : (
        <>
          <p className={styles.muted}>One choice for these {n} files{n < state.files ? `; the other ${state.files - n} upload as they are` : ''}:</p>
          <ul className={styles.conflicts}>
            {state.conflicts.slice(0, 5).map((c) => (
              <li key={c}>{c}</li>
            ))}
            {n > 5 && <li>…and {n - 5} more</li>}
          </ul>
        </>
      )}
      <div className={styles.buttons}>
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" onClick={() => onChoose('skip')} autoFocus>
          {one ? 'Skip it' : 'Skip them'}
        </Button>
        <Button size="sm" onClick={() => onChoose('keepBoth')}>
          Keep both
        </Button>
        <Button size="sm" variant="danger" onClick={() => onChoose('overwrite')}>
          {one ? 'Replace it' : 'Replace them'}
        </Button>
      </div>
    </ModalDialog>
  );
}

function describeDuplicate(d: UploadDuplicate): string {
  const where = d.existing[0]!;
  const more = d.existing.length > 1 ? ` and ${d.existing.length - 1} more` : '';
  return d.certainty === 'identical' ? `identical to ${where}${more}` : `same size as ${where}${more} (its ETag cannot be compared: it may differ)`;
}

/** Files whose content the library already has under another key: upload anyway, or skip them. */
function DuplicatesDialog({ state, onChoose, onCancel }: { state: Extract<DropStage, { stage: 'duplicates' }>; onChoose: (p: 'upload' | 'skip') => void; onCancel: () => void }): React.JSX.Element {
  const n = state.duplicates.length;
  const one = n === 1;
  const bytes = state.duplicates.reduce((sum, d) => sum + d.size, 0);
  return (
    <ModalDialog className={styles.dialog} aria-labelledby="duplicates-title" onClose={onCancel} data-testid="duplicates-dialog">
      <h3 id="duplicates-title">
        {one
          ? `“${fileName(state.duplicates[0]!.relPath)}” is already in the library`
          : n === state.files
            ? `All ${n} files are already in the library`
            : `${n} of ${state.files} files are already in the library`}
      </h3>
      <p className={styles.muted}>
        {one ? 'The same content is stored under another name' : `The same content is stored under other names (${formatBytes(bytes)})`}; uploading makes another copy.
      </p>
      <ul className={styles.conflicts}>
        {state.duplicates.slice(0, 5).map((d) => (
          <li key={d.relPath}>
            <strong>{fileName(d.relPath)}</strong>: {describeDuplicate(d)}
          </li>
        ))}
        {n > 5 && <li>…and {n - 5} more</li>}
      </ul>
      <div className={styles.buttons}>
        <Button size="sm" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" onClick={() => onChoose('skip')} autoFocus>
          {one ? 'Skip it' : 'Skip them'}
        </Button>
        <Button size="sm" variant="primary" onClick={() => onChoose('upload')}>
          Upload anyway
        </Button>
      </div>
    </ModalDialog>
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
    <ModalDialog className={styles.dialog} aria-labelledby="name-post-title" onClose={props.onCancel}>
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          if (check.ok) props.onName(name, props.model === undefined ? model : undefined);
        }}
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
          <Button size="sm" onClick={props.onCancel}>
            Cancel
          </Button>
          <Button size="sm" type="submit" variant="primary" disabled={!check.ok}>
            Upload
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
