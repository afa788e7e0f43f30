import { useState } from 'react';
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
        <DemoOffer />
      </div>
    </main>
  );
}

/** No bucket at hand? The built-in demo: an embedded S3 server with a generated sample library. */
function DemoOffer(): React.JSX.Element {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section className="first-run-demo" aria-label="Demo library">
      <p className="muted small">
        No bucket at hand? Look around in a sample library first: the app starts a local S3 server with a few models, posts, photos and
        videos, on its own data — your settings stay as they are.
      </p>
      <button
        type="button"
        className="set-btn"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const res = await window.api.app.openDemo();
          setBusy(false);
          setMessage(res.ok ? 'Opening the demo library…' : res.error.message);
        }}
      >
        Explore the demo library
      </button>
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </section>
  );
}
