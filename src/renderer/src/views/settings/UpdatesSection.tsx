import clsx from 'clsx';
import type { UpdateCheck } from '../../../../shared/updates';
import { useApiMutation } from '../../data/mutations';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import styles from './Settings.module.css';

function describe(result: UpdateCheck): string {
  if (result.state === 'disabled') return result.message;
  if (result.state === 'up-to-date') return `You have the latest version (${result.version}).`;
  return `Version ${result.version} is downloading (you have ${result.current}); it is installed when you quit the app.`;
}

/** Settings › Updates: one "Check for updates" button and what it found. */
export function UpdatesSection(): React.JSX.Element {
  const check = useApiMutation('app:checkForUpdates');
  return (
    <section className={clsx(styles.section, styles.updates)} aria-labelledby="updates-title">
      <div className={styles.sectionHeader}>
        <h2 id="updates-title">Updates</h2>
        <Button onClick={() => check.mutate(undefined)} disabled={check.isPending}>
          {check.isPending ? 'Checking…' : 'Check for updates'}
        </Button>
      </div>
      {check.isError ? (
        <Notice as="p" tone="error" role="status" data-testid="update-status">
          {check.error.message}
        </Notice>
      ) : (
        <p className={clsx(styles.muted, styles.small)} role="status" data-testid="update-status">
          {check.isPending
            ? 'Checking for a newer version…'
            : check.data
              ? describe(check.data)
              : 'New versions come from the project’s GitHub releases; the installed app also looks once after it starts.'}
        </p>
      )}
    </section>
  );
}
