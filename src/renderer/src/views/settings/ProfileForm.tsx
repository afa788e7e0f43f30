import clsx from 'clsx';
import { useId, useRef, useState } from 'react';
import { SPACES_REGIONS, type SpacesRegion } from '../../../../shared/endpoints';
import type { ErrorInfo } from '../../../../shared/errors';
import type { ProfileView } from '../../../../shared/profile';
import { errorInfoOf } from '../../data/api-error';
import { useApiMutation } from '../../data/mutations';
import { Button } from '../../ui/Button';
import { Notice } from '../../ui/Notice';
import { ConnectionReport, TryWriteToggle, type CheckState } from './check/ConnectionReport';
import { UnderstoodAddress } from './check/UnderstoodAddress';
import { applyPastedAddress, check, emptyForm, previews, REGION_LABELS, stateFromView, type FormState } from './profile-form-state';
import styles from './Settings.module.css';

interface Props {
  /** The stored profile being edited; absent for a new one. */
  profile?: ProfileView;
  submitLabel: string;
  onSaved: (view: ProfileView) => void;
  onCancel?: () => void;
}

/** Field order: the first invalid one gets the focus. */
const FIELD_ORDER = ['name', 'endpoint', 'region', 'bucket', 'rootPrefix', 'accessKeyId', 'secret', 'cdnDomain', 'cacheControl'];
const ADVANCED_FIELDS = ['cdnDomain', 'cacheControl'];

export function ProfileForm({ profile, submitLabel, onSaved, onCancel }: Props): React.JSX.Element {
  const [state, setState] = useState<FormState>(() => (profile ? stateFromView(profile) : emptyForm));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [formError, setFormError] = useState<ErrorInfo | null>(null);
  const [test, setTest] = useState<CheckState>({ state: 'idle' });
  const [tryWrite, setTryWrite] = useState(false);
  const [understood, setUnderstood] = useState<string | null>(null);
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const saveProfile = useApiMutation('profiles:save');
  const testConnection = useApiMutation('profiles:test');
  const saving = saveProfile.isPending;
  const formRef = useRef<HTMLFormElement>(null);
  const uid = useId();
  const hasStoredSecret = profile?.hasSecret ?? false;
  const storedSecret = profile && hasStoredSecret ? profile : null;
  const preview = previews(state);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    const next = { ...state, [key]: value };
    setState(next);
    setTest({ state: 'idle' });
    if (key === 'endpoint' || key === 'bucket' || key === 'spacesRegion' || key === 'provider') setUnderstood(null);
    // After a first submit, keep the messages in step with what is typed.
    if (submitted) {
      const result = check(next, profile?.id, storedSecret);
      setErrors(result.ok ? {} : result.errors);
    }
  };

  // A pasted Origin/CDN/path-style URL becomes region (or endpoint), bucket and root folder when the field is left.
  const spreadPastedAddress = () => {
    const applied = applyPastedAddress(state);
    if (!applied) return;
    setState(applied.state);
    setUnderstood(applied.understood);
    if (submitted) {
      const result = check(applied.state, profile?.id, storedSecret);
      setErrors(result.ok ? {} : result.errors);
    }
  };

  const focusFirstError = (found: Record<string, string>) => {
    const first = FIELD_ORDER.find((f) => f in found);
    if (!first) return;
    // A field in the collapsed section: open it first, focus once it is rendered.
    if (ADVANCED_FIELDS.includes(first)) setAdvancedOpen(true);
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus());
  };

  const validate = () => {
    setSubmitted(true);
    const result = check(state, profile?.id, storedSecret);
    setErrors(result.ok ? {} : result.errors);
    if (!result.ok) focusFirstError(result.errors);
    return result;
  };

  const runTest = async () => {
    // A stored profile is tested even when it shows no secret: main says why (no keychain, none stored).
    const result = check(state, profile?.id, profile ?? null);
    if (!result.ok) {
      setSubmitted(true);
      setErrors(result.errors);
      focusFirstError(result.errors);
      return;
    }
    setTest({ state: 'running' });
    try {
      setTest({ state: 'done', result: await testConnection.mutateAsync({ draft: result.form, tryWrite }) });
    } catch (error) {
      setTest({ state: 'done', result: { ok: false, host: '', bucket: state.bucket, error: errorInfoOf(error) } });
    }
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const result = validate();
    if (!result.ok) return;
    let saved: ProfileView;
    try {
      saved = await saveProfile.mutateAsync(result.form);
    } catch (error) {
      const info = errorInfoOf(error);
      if (info.code === 'CONFLICT') {
        setErrors({ name: info.message });
        focusFirstError({ name: '' });
      } else setFormError(info);
      return;
    }
    setState((s) => ({ ...s, secret: '' }));
    onSaved(saved);
  };

  const field = (name: string) => ({
    id: `${uid}-${name}`,
    'data-field': name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${uid}-${name}-error` : `${uid}-${name}-hint`,
  });
  const message = (name: string, hint?: React.ReactNode) =>
    errors[name] ? (
      <p className={styles.error} data-testid="field-error" id={`${uid}-${name}-error`}>
        {errors[name]}
      </p>
    ) : hint ? (
      <p className={styles.hint} id={`${uid}-${name}-hint`}>
        {hint}
      </p>
    ) : null;

  return (
    <form ref={formRef} className={styles.form} onSubmit={save} noValidate aria-label={profile ? `Edit ${profile.name}` : 'New profile'}>
      <div className={styles.row}>
        <label htmlFor={`${uid}-name`}>Profile name</label>
        <input {...field('name')} value={state.name} onChange={(e) => set('name', e.target.value)} placeholder="e.g. Studio library" autoFocus />
        {message('name')}
      </div>

      <fieldset className={clsx(styles.row, styles.provider)}>
        <legend>Where is the bucket?</legend>
        <label className={styles.choice}>
          <input type="radio" name={`${uid}-provider`} checked={state.provider === 'spaces'} onChange={() => set('provider', 'spaces')} />
          DigitalOcean Spaces
        </label>
        <label className={styles.choice}>
          <input type="radio" name={`${uid}-provider`} checked={state.provider === 'custom'} onChange={() => set('provider', 'custom')} />
          Other S3-compatible endpoint
        </label>
      </fieldset>

      {state.provider === 'spaces' ? (
        <div className={styles.row}>
          <label htmlFor={`${uid}-endpoint`}>Region</label>
          <select {...field('endpoint')} value={state.spacesRegion} onChange={(e) => set('spacesRegion', e.target.value as SpacesRegion)}>
            {SPACES_REGIONS.map((r) => (
              <option key={r} value={r}>
                {r} — {REGION_LABELS[r]}
              </option>
            ))}
          </select>
          {message('endpoint', <>Endpoint https://{state.spacesRegion}.digitaloceanspaces.com</>)}
        </div>
      ) : (
        <div className={styles.grid}>
          <div className={styles.row}>
            <label htmlFor={`${uid}-endpoint`}>Endpoint URL</label>
            <input
              {...field('endpoint')}
              value={state.endpoint}
              onChange={(e) => set('endpoint', e.target.value)}
              onBlur={spreadPastedAddress}
              placeholder="https://s3.example.com"
              spellCheck={false}
              inputMode="url"
            />
            {message('endpoint')}
          </div>
          <div className={styles.row}>
            <label htmlFor={`${uid}-region`}>Region</label>
            <input {...field('region')} value={state.region} onChange={(e) => set('region', e.target.value)} placeholder={preview.region} spellCheck={false} />
            {message('region', 'Leave empty for us-east-1')}
          </div>
        </div>
      )}

      <div className={styles.grid}>
        <div className={styles.row}>
          <label htmlFor={`${uid}-bucket`}>Bucket</label>
          <input {...field('bucket')} value={state.bucket} onChange={(e) => set('bucket', e.target.value)} onBlur={spreadPastedAddress} placeholder="my-space" spellCheck={false} />
          {message('bucket')}
        </div>
        <div className={styles.row}>
          <label htmlFor={`${uid}-rootPrefix`}>Root folder (optional)</label>
          <input {...field('rootPrefix')} value={state.rootPrefix} onChange={(e) => set('rootPrefix', e.target.value)} placeholder="library/" spellCheck={false} />
          {message('rootPrefix', 'Only keys below this folder are managed')}
        </div>
      </div>
      <UnderstoodAddress text={understood} />

      <div className={styles.grid}>
        <div className={styles.row}>
          <label htmlFor={`${uid}-accessKeyId`}>Access key ID</label>
          <input {...field('accessKeyId')} value={state.accessKeyId} onChange={(e) => set('accessKeyId', e.target.value)} spellCheck={false} autoComplete="off" />
          {message('accessKeyId')}
        </div>
        <div className={styles.row}>
          <label htmlFor={`${uid}-secret`}>Secret key</label>
          <input
            {...field('secret')}
            type="password"
            value={state.secret}
            onChange={(e) => set('secret', e.target.value)}
            autoComplete="new-password"
            spellCheck={false}
            placeholder={hasStoredSecret ? 'Stored in the keychain — type to replace' : ''}
          />
          {message('secret', hasStoredSecret ? 'Kept in the system keychain; never shown again' : 'Saved only in the system keychain')}
        </div>
      </div>

      <details className={styles.advanced} open={advancedOpen} onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}>
        <summary>Advanced: addressing, CDN, upload defaults</summary>
        <div className={styles.advancedBody}>
          <div className={styles.grid}>
            <div className={styles.row}>
              <label htmlFor={`${uid}-pathStyle`}>Addressing</label>
              <select {...field('pathStyle')} value={state.pathStyle} onChange={(e) => set('pathStyle', e.target.value as FormState['pathStyle'])}>
                <option value="auto">Automatic ({preview.pathStyle})</option>
                <option value="virtual">Virtual-hosted (bucket.host)</option>
                <option value="path">Path style (host/bucket)</option>
              </select>
            </div>
            <div className={styles.row}>
              <label htmlFor={`${uid}-defaultAcl`}>New uploads are</label>
              <select {...field('defaultAcl')} value={state.defaultAcl} onChange={(e) => set('defaultAcl', e.target.value as FormState['defaultAcl'])}>
                <option value="private">Private (share with signed links)</option>
                <option value="public-read">Public (anyone with the URL)</option>
              </select>
            </div>
          </div>
          <div className={styles.grid}>
            <div className={styles.row}>
              <label htmlFor={`${uid}-cdnMode`}>Public links</label>
              <select {...field('cdnMode')} value={state.cdnMode} onChange={(e) => set('cdnMode', e.target.value as FormState['cdnMode'])}>
                <option value="auto">Automatic CDN</option>
                <option value="custom">Custom CDN domain</option>
                <option value="none">No CDN (origin URL)</option>
              </select>
              {state.cdnMode === 'auto' && <p className={styles.hint}>{preview.cdn}</p>}
            </div>
            {state.cdnMode === 'custom' && (
              <div className={styles.row}>
                <label htmlFor={`${uid}-cdnDomain`}>CDN domain</label>
                <input {...field('cdnDomain')} value={state.cdnDomain} onChange={(e) => set('cdnDomain', e.target.value)} placeholder="cdn.example.com" spellCheck={false} />
                {message('cdnDomain')}
              </div>
            )}
          </div>
          <div className={styles.row}>
            <label htmlFor={`${uid}-cacheControl`}>Cache-Control for uploads (optional)</label>
            <input
              {...field('cacheControl')}
              value={state.cacheControl}
              onChange={(e) => set('cacheControl', e.target.value)}
              placeholder="public, max-age=31536000, immutable"
              spellCheck={false}
            />
            {message('cacheControl')}
          </div>
        </div>
      </details>

      <ConnectionReport check={test} />

      {formError && (
        <Notice tone="error" role="alert">
          {formError.message}
        </Notice>
      )}

      <div className={styles.actions}>
        <Button onClick={runTest} disabled={test.state === 'running'}>
          {test.state === 'running' ? 'Testing…' : 'Test connection'}
        </Button>
        <TryWriteToggle checked={tryWrite} onChange={setTryWrite} />
        <span className={styles.spacer} />
        {onCancel && (
          <Button variant="quiet" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </Button>
      </div>
    </form>
  );
}
