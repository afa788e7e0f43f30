import { useState } from 'react';
import { ConnectionReport, TryWriteToggle, type CheckState } from './ConnectionReport';
import styles from './ConnectionReport.module.css';

/** Settings › Profiles › Check: a stored profile's capabilities, checked on demand. */
export function ConnectionCheck({ profileId, name }: { profileId: string; name: string }): React.JSX.Element {
  const [tryWrite, setTryWrite] = useState(false);
  const [check, setCheck] = useState<CheckState>({ state: 'idle' });

  const run = async () => {
    setCheck({ state: 'running' });
    const envelope = await window.api.profiles.test({ id: profileId, tryWrite });
    setCheck({ state: 'done', result: envelope.ok ? envelope.data : { ok: false, host: '', bucket: '', error: envelope.error } });
  };

  return (
    <section className={styles.panel} aria-label={`Check ${name}`}>
      <div className={styles.controls}>
        <button type="button" className="set-btn set-btn-primary" onClick={() => void run()} disabled={check.state === 'running'}>
          {check.state === 'running' ? 'Checking…' : check.state === 'done' ? 'Check again' : 'Check now'}
        </button>
        <TryWriteToggle checked={tryWrite} onChange={setTryWrite} />
        {check.state === 'idle' && <span className="small muted">Lists, reads one byte and reads one ACL; writes only if you tick “Try a write”.</span>}
      </div>
      <ConnectionReport check={check} />
    </section>
  );
}
