import { ProfileForm } from './ProfileForm';
import './settings.css';

/** Shown while there is no profile: one form, with a connection test before saving. */
export function FirstRun({ onDone }: { onDone: () => void }): React.JSX.Element {
  return (
    <main className="first-run" aria-labelledby="first-run-title">
      <div className="first-run-card">
        <header className="first-run-header">
          <span className="brand-mark" aria-hidden>
            ◆
          </span>
          <div>
            <h1 id="first-run-title">Connect your media library</h1>
            <p className="muted">
              Add the DigitalOcean Spaces bucket (or any S3-compatible bucket) that holds your models and posts. Create an access key in your
              provider’s console (for Spaces: API › Spaces Keys), then test the connection before saving.
            </p>
          </div>
        </header>
        <ol className="first-run-steps muted small" aria-label="Steps">
          <li>Name the profile and choose where the bucket is.</li>
          <li>Enter the bucket and the access key; the secret goes to the system keychain only.</li>
          <li>Test the connection, then save. You can add more profiles later in Settings.</li>
        </ol>
        <ProfileForm submitLabel="Save and open the library" onSaved={onDone} />
      </div>
    </main>
  );
}
