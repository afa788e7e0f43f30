import { useId, useState } from 'react';
import type { ConflictPolicy } from '../../../shared/domain';
import { conflictLabel } from '../../../shared/organise';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import styles from './Organise.module.css';

const SHOWN = 8;

interface Props {
  conflicts: string[];
  total: number;
  onChoose: (policy: ConflictPolicy) => void;
  onClose: () => void;
}

/** Names already taken at the destination: skip those, replace them, or keep both (as uploads ask). Never a silent overwrite. */
export function ConflictDialog({ conflicts, total, onChoose, onClose }: Props): React.JSX.Element {
  const id = useId();
  const [policy, setPolicy] = useState<ConflictPolicy>('keepBoth');
  const n = conflicts.length;
  return (
    <ModalDialog className={styles.dialog} aria-labelledby={id} onClose={onClose} data-testid="organise-conflict">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onChoose(policy);
        }}
      >
        <h2 id={id}>{n === 1 ? 'A file with that name is already there' : `${n.toLocaleString()} of ${total.toLocaleString()} names are already taken`}</h2>
        <ul className={styles.list}>
          {conflicts.slice(0, SHOWN).map((key) => (
            <li key={key}>{key}</li>
          ))}
          {n > SHOWN && <li className={styles.muted}>and {(n - SHOWN).toLocaleString()} more</li>}
        </ul>
        <fieldset className={styles.choices}>
          <legend className={styles.muted}>What should happen to {n === 1 ? 'it' : 'them'}?</legend>
          {(['keepBoth', 'skip', 'overwrite'] as const).map((p) => (
            <label key={p}>
              <input type="radio" name="conflict" value={p} checked={policy === p} onChange={() => setPolicy(p)} />
              {conflictLabel(p, n)}
              {p === 'keepBoth' && <span className={styles.muted}> — the moved file gets a numbered name</span>}
              {p === 'overwrite' && <span className={styles.muted}> — the file already there is lost</span>}
            </label>
          ))}
        </fieldset>
        <div className={styles.actions}>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant={policy === 'overwrite' ? 'danger' : 'primary'} autoFocus>
            {conflictLabel(policy, n)}
          </Button>
        </div>
      </form>
    </ModalDialog>
  );
}
