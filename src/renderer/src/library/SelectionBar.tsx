import { ActionButtons } from '../actions/ActionButtons';
import type { Action } from '../actions/types';
import { formatCount } from '../format';
import { Button } from '../ui/Button';
import styles from './SelectionBar.module.css';

/** Above a grid of cards while some are selected: how many, Clear, and what can be done to them. */
export function SelectionBar({ count, noun, actions, onClear }: { count: number; noun: string; actions: Action[]; onClear: () => void }): React.JSX.Element | null {
  if (count === 0) return null;
  return (
    <div className={styles.bar} aria-live="polite" data-testid="card-selection">
      <strong>{formatCount(count, noun)} selected</strong>
      <Button variant="link" onClick={onClear}>
        Clear
      </Button>
      <span className={styles.actions}>
        <ActionButtons actions={actions} groups={['organise', 'offline', 'danger']} />
      </span>
    </div>
  );
}
