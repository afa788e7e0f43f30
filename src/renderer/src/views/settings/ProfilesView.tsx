import { useQuery } from '@tanstack/react-query';
import clsx from 'clsx';
import { Fragment, useState } from 'react';
import type { ProfileView } from '../../../../shared/profile';
import { useApiMutation } from '../../data/mutations';
import { sessionQuery } from '../../data/queries';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { ConnectionCheck } from './check/ConnectionCheck';
import { ProfileForm } from './ProfileForm';
import styles from './Settings.module.css';

type Mode = { kind: 'list' } | { kind: 'add' } | { kind: 'edit'; profile: ProfileView };

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return endpoint;
  }
}

/** Settings › Profiles: list, add, edit, remove (confirmed), set active. */
export function ProfilesView(): React.JSX.Element {
  const list = useQuery(sessionQuery('profiles:list'));
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [confirming, setConfirming] = useState<string | null>(null);
  const [checking, setChecking] = useState<string | null>(null);
  const done = { onSettled: () => setConfirming(null) };
  const remove = useApiMutation('profiles:remove', done);
  const setActive = useApiMutation('profiles:setActive', done);
  const busy = remove.isPending ? remove.variables.id : setActive.isPending ? setActive.variables.id : null;
  const error = remove.error ?? setActive.error;

  if (mode.kind !== 'list') {
    return (
      <section className={styles.section} aria-labelledby="profile-editor-title">
        <h2 id="profile-editor-title">{mode.kind === 'add' ? 'New connection profile' : `Edit “${mode.profile.name}”`}</h2>
        <ProfileForm
          key={mode.kind === 'edit' ? mode.profile.id : 'new'}
          profile={mode.kind === 'edit' ? mode.profile : undefined}
          submitLabel={mode.kind === 'add' ? 'Add profile' : 'Save changes'}
          onSaved={() => setMode({ kind: 'list' })}
          onCancel={() => setMode({ kind: 'list' })}
        />
      </section>
    );
  }

  return (
    <section className={styles.section} aria-labelledby="profiles-title">
      <header className={styles.sectionHeader}>
        <h2 id="profiles-title">Connection profiles</h2>
        <Button variant="primary" onClick={() => setMode({ kind: 'add' })}>
          Add profile
        </Button>
      </header>
      {list.isPending && <p className={styles.muted}>Loading profiles…</p>}
      {list.isError && (
        <Notice tone="error" className={styles.notice} role="alert">
          {list.error.message}
        </Notice>
      )}
      {list.data?.keychainProblem && (
        <Notice tone="warn" className={styles.notice} role="alert">
          <strong>The system keychain is not available.</strong> {list.data.keychainProblem} You can still browse the offline library.
        </Notice>
      )}
      {error && (
        <Notice tone="error" className={styles.notice} role="alert">
          {error.message}
        </Notice>
      )}
      {list.data && list.data.profiles.length === 0 && <p className={styles.muted}>No profiles yet. Add one to connect to a bucket.</p>}
      {list.data && list.data.profiles.length > 0 && (
        <ul className={styles.profiles} aria-label="Profiles">
          {list.data.profiles.map((p) => (
            <Fragment key={p.id}>
              <li className={clsx(styles.profile, p.active && styles.active)} aria-label={p.name}>
                <div className={styles.profileMain}>
                  <div className={styles.profileName}>
                    {p.name}
                    {p.active && <Badge tone="ok">Active</Badge>}
                    {!p.hasSecret && !list.data.keychainProblem && <Badge tone="warn">No secret key</Badge>}
                  </div>
                  <div className={styles.profileMeta}>
                    {p.bucket}
                    {p.rootPrefix && `/${p.rootPrefix}`} · {hostOf(p.endpoint)} · {p.defaultAcl === 'public-read' ? 'public uploads' : 'private uploads'}
                    {p.cdnBase && ` · CDN ${p.cdnStatus === 'on' ? 'on' : p.cdnStatus === 'off' ? 'off' : 'not checked'}`}
                  </div>
                </div>
                {confirming === p.id ? (
                  <div className={styles.profileConfirm} role="group" aria-label={`Confirm removing ${p.name}`}>
                    <span className={styles.small}>Remove “{p.name}”, its keychain entry and its offline index?</span>
                    <Button variant="danger" autoFocus disabled={busy === p.id} onClick={() => remove.mutate({ id: p.id })}>
                      {busy === p.id ? 'Removing…' : 'Remove'}
                    </Button>
                    <Button variant="quiet" onClick={() => setConfirming(null)}>
                      Keep
                    </Button>
                  </div>
                ) : (
                  <div className={styles.profileActions}>
                    {!p.active && (
                      <Button variant="quiet" disabled={busy === p.id} onClick={() => setActive.mutate({ id: p.id })}>
                        Make active
                      </Button>
                    )}
                    <Button aria-expanded={checking === p.id} onClick={() => setChecking(checking === p.id ? null : p.id)} aria-label={`Check ${p.name}`}>
                      Check
                    </Button>
                    <Button onClick={() => setMode({ kind: 'edit', profile: p })} aria-label={`Edit ${p.name}`}>
                      Edit
                    </Button>
                    <Button variant="quiet" onClick={() => setConfirming(p.id)} aria-label={`Remove ${p.name}`}>
                      Remove
                    </Button>
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
