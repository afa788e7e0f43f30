import { useState } from 'react';
import { errorInfoOf } from '../../../data/api-error';
import { useApiMutation } from '../../../data/mutations';
import { Button } from '../../../ui/Button';
import { ConnectionReport, TryWriteToggle, type CheckState } from './ConnectionReport';
import styles from './ConnectionReport.module.css';

/** Settings › Profiles › Check: a stored profile's capabilities, checked on demand. */
export function ConnectionCheck({ profileId, name }: { profileId: string; name: string }): React.JSX.Element {
  const [tryWrite, setTryWrite] = useState(false);
  const checkProfile = useApiMutation('profiles:test');
  const check: CheckState = checkProfile.isPending
    ? { state: 'running' }
    : checkProfile.isSuccess
      ? { state: 'done', result: checkProfile.data }
      : checkProfile.isError
        ? { state: 'done', result: { ok: false, host: '', bucket: '', error: errorInfoOf(checkProfile.error) } }
        : { state: 'idle' };

  return (
    <section className={styles.panel} aria-label={`Check ${name}`}>
      <div className={styles.controls}>
        <Button variant="primary" onClick={() => checkProfile.mutate({ id: profileId, tryWrite })} disabled={check.state === 'running'}>
          {check.state === 'running' ? 'Checking…' : check.state === 'done' ? 'Check again' : 'Check now'}
        </Button>
        <TryWriteToggle checked={tryWrite} onChange={setTryWrite} />
        {check.state === 'idle' && <span className={styles.idleNote}>Lists, reads one byte and reads one ACL; writes only if you tick “Try a write”.</span>}
      </div>
      <ConnectionReport check={check} />
    </section>
  );
}
