import clsx from 'clsx';
import { useApiMutation } from '../../data/mutations';
import { Button } from '../../ui/Button';
import { ProfileForm } from './ProfileForm';
import styles from './Settings.module.css';

/** Shown while there is no profile: one form, with a connection test before saving. Saving one switches the app to the library. */
export function FirstRun(): React.JSX.Element {
  return (
    <main className={styles.firstRun} aria-labelledby="first-run-title">
      <div className={styles.card}>
        <header className={styles.intro}>
          <span className={styles.mark} aria-hidden>
            ◆
          </span>
          <div>
            <h1 id="first-run-title">Connect your media library</h1>
            <p className={styles.muted}>
              Add the DigitalOcean Spaces bucket (or any S3-compatible bucket) that holds your models and posts. Create an access key in your provider’s
              console (for Spaces: API › Spaces Keys), then test the connection before saving.
            </p>
          </div>
        </header>
        <ol className={clsx(styles.steps, styles.muted, styles.small)} aria-label="Steps">
          <li>Name the profile and choose where the bucket is.</li>
          <li>Enter the bucket and the access key; the secret goes to the system keychain only.</li>
          <li>Test the connection, then save. You can add more profiles later in Settings.</li>
        </ol>
        <ProfileForm submitLabel="Save and open the library" onSaved={() => undefined} />
        <DemoOffer />
      </div>
    </main>
  );
}

/** No bucket at hand? The built-in demo: an embedded S3 server with a generated sample library. */
function DemoOffer(): React.JSX.Element {
  const demo = useApiMutation('app:openDemo');
  return (
    <section className={styles.demo} aria-label="Demo library">
      <p className={clsx(styles.muted, styles.small)}>
        No bucket at hand? Look around in a sample library first: the app starts a local S3 server with a few models, posts, photos and videos, on its own
        data — your settings stay as they are.
      </p>
      <Button disabled={demo.isPending} onClick={() => demo.mutate(undefined)}>
        Explore the demo library
      </Button>
      {(demo.isSuccess || demo.isError) && (
        <p className={styles.small} role="status">
          {demo.isSuccess ? 'Opening the demo library…' : demo.error?.message}
        </p>
      )}
    </section>
  );
}
