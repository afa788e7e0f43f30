import { Fragment, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ProfileList, ProfileView } from '../../../../shared/profile';
import { useCall } from '../../ipc';
import { ConnectionCheck } from './check/ConnectionCheck';
import { ProfileForm } from './ProfileForm';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; profile: ProfileView };

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** Settings › Profiles: list, add, edit, remove (confirmed), set active. */
export function ProfilesView({ onChanged }: { onChanged?: () => void }): React.JSX.Element {
  const list = useCall<ProfileList>(() => window.api.profiles.list(), []);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const changed = () => {
    list.reload();
    onChanged?.();
  };

  const act = async (id: string, run: () => Promise<{ ok: true } | { ok: false; error: ErrorInfo }>) => {
    setBusy(id);
    setError(null);
    const result = await run();
    setBusy(null);
    setConfirming(null);
    if (!result.ok) setError(result.error);
    changed();
  };

  if (mode.kind !== 'list') {
    return (
      <section className="settings-section" aria-labelledby="profile-editor-title">
        <h2 id="profile-editor-title">{mode.kind === 'add' ? 'New connection profile' : `Edit “${mode.profile.name}”`}</h2>
        <ProfileForm
          key={mode.kind === 'edit' ? mode.profile.id : 'new'}
          profile={mode.kind === 'edit' ? mode.profile : undefined}
          submitLabel={mode.kind === 'add' ? 'Add profile' : 'Save changes'}
          onSaved={() => {
            setMode({ kind: 'list' });
            changed();
          }}
          onCancel={() => setMode({ kind: 'list' })}
        />
      </section>
    );
  }

  return (
    <section className="settings-section" aria-labelledby="profiles-title">
      <header className="settings-section-header">
        <h2 id="profiles-title">Connection profiles</h2>
        <button type="button" className="set-btn set-btn-primary" onClick={() => setMode({ kind: 'add' })}>
          Add profile
        </button>
      </header>
      {list.state === 'loading' && <p className="muted">Loading profiles…</p>}
      {list.state === 'error' && (
        <div className="notice error" role="alert">
          {list.error.message}
        </div>
      )}
      {list.state === 'ready' && list.data.keychainProblem && (
        <div className="notice warn" role="alert">
          <strong>The system keychain is not available.</strong> {list.data.keychainProblem} You can still browse the offline library.
        </div>
      )}
      {error && (
        <div className="notice error" role="alert">
          {error.message}
        </div>
      )}
      {list.state === 'ready' && list.data.profiles.length === 0 && <p className="muted">No profiles yet. Add one to connect to a bucket.</p>}
      {list.state === 'ready' && list.data.profiles.length > 0 && (
        <ul className="profile-list" aria-label="Profiles">
          {list.data.profiles.map((p) => (
            <Fragment key={p.id}>
            <li className={`profile-item${p.active ? ' is-active' : ''}`} aria-label={p.name}>
              <div className="profile-main">
                <div className="profile-name">
                  {p.name}
                  {p.active && <span className="badge badge-active">Active</span>}
                  {!p.hasSecret && !list.data.keychainProblem && <span className="badge badge-warn">No secret key</span>}
                </div>
                <div className="profile-meta muted small">
                  {p.bucket}
                  {p.rootPrefix && `/${p.rootPrefix}`} · {hostOf(p.endpoint)} · {p.defaultAcl === 'public-read' ? 'public uploads' : 'private uploads'}
                  {p.cdnBase && ` · CDN ${p.cdnStatus === 'on' ? 'on' : p.cdnStatus === 'off' ? 'off' : 'not checked'}`}
                </div>
              </div>
              {confirming === p.id ? (
                <div className="profile-confirm" role="group" aria-label={`Confirm removing ${p.name}`}>
                  <span className="small">Remove “{p.name}”, its keychain entry and its offline index?</span>
                  <button type="button" className="set-btn set-btn-danger" autoFocus disabled={busy === p.id} onClick={() => act(p.id, () => window.api.profiles.remove({ id: p.id }))}>
                    {busy === p.id ? 'Removing…' : 'Remove'}
                  </button>
                  <button type="button" className="set-btn set-btn-quiet" onClick={() => setConfirming(null)}>
                    Keep
                  </button>
                </div>
              ) : (
                <div className="profile-actions">
                  {!p.active && (
                    <button type="button" className="set-btn set-btn-quiet" disabled={busy === p.id} onClick={() => act(p.id, () => window.api.profiles.setActive({ id: p.id }))}>
                      Make active
                    </button>
                  )}
                  <button
                    type="button"
                    className="set-btn"
                    aria-expanded={checking === p.id}
                    onClick={() => setChecking(checking === p.id ? null : p.id)}
                    aria-label={`Check ${p.name}`}
                  >
                    Check
                  </button>
                  <button type="button" className="set-btn" onClick={() => setMode({ kind: 'edit', profile: p })} aria-label={`Edit ${p.name}`}>
                    Edit
                  </button>
                  <button type="button" className="set-btn set-btn-quiet" onClick={() => setConfirming(p.id)} aria-label={`Remove ${p.name}`}>
                    Remove
                  </button>
                </div>
              )}
            </li>
            {checking === p.id && (
              <li aria-label={`Connection check of ${p.name}`}>
                <ConnectionCheck profileId={p.id} name={p.name} />
              </li>
            )}
            </Fragment>
          ))}
        </ul>
      )}
    </section>
  );
}
