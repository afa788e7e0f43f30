import { useId, useState } from 'react';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import styles from './Organise.module.css';

interface Props {
  title: string;
  value: string;
  /** Select the name without its extension (files). */
  selectStem?: boolean;
  onSubmit: (name: string) => void;
  onClose: () => void;
}

/** A new name, where renaming in place is not possible (the viewer, a selection not shown). */
export function NameDialog({ title, value, selectStem, onSubmit, onClose }: Props): React.JSX.Element {
  const id = useId();
  const [name, setName] = useState(value);
  const problem = nameProblem(name);
  return (
    <ModalDialog className={styles.dialog} aria-labelledby={id} onClose={onClose} data-testid="rename-dialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!problem && name.trim() !== value) onSubmit(name.trim());
          else if (!problem) onClose();
        }}
      >
        <h2 id={id}>{title}</h2>
        <label className={styles.field}>
          New name
          <input
            value={name}
            autoFocus
            spellCheck={false}
            onFocus={(e) => {
              const dot = value.lastIndexOf('.');
              e.currentTarget.setSelectionRange(0, selectStem && dot > 0 ? dot : value.length);
            }}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {problem && <p className={styles.error}>{problem}</p>}
        <div className={styles.actions}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={Boolean(problem)}>
            Rename
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}

/** Why a name cannot be used for a file, post or model (a `/` would make a folder), or null. */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Type a name.';
  if (trimmed.includes('/')) return 'A name cannot contain “/”.';
  if (trimmed === '.' || trimmed === '..') return 'That name is reserved.';
  if (trimmed.length > 255) return 'Names are up to 255 characters.';
  return null;
}
