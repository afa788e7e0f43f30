import { CAPABILITY_LABELS, type CapabilityCheck, type CapabilityStatus } from '../../../../../shared/connection-check';
import type { ConnectionTestResult } from '../../../../../shared/profile';
import { Badge, type BadgeTone } from '../../../ui/Badge';
import { Notice } from '../../../ui/Notice';
import { Spinner } from '../../../ui/Spinner';
import styles from './ConnectionReport.module.css';

export type CheckState = { state: 'idle' } | { state: 'running' } | { state: 'done'; result: ConnectionTestResult };

const STATUS: Record<CapabilityStatus, { text: string; tone: BadgeTone }> = {
  ok: { text: 'OK', tone: 'ok' },
  denied: { text: 'Denied', tone: 'warn' },
  unsupported: { text: 'Not supported', tone: 'warn' },
  skipped: { text: 'Not checked', tone: 'neutral' },
  failed: { text: 'Failed', tone: 'danger' },
};

/** What the check found: a headline, then what each capability means for the app. */
export function ConnectionReport({ check }: { check: CheckState }): React.JSX.Element {
  return (
    <div className={styles.report} role="status" aria-live="polite" data-testid="connection-test">
      {check.state === 'running' && (
        <p className={styles.running}>
          <Spinner /> Checking the connection…
        </p>
      )}
      {check.state === 'done' && <Result result={check.result} />}
    </div>
  );
}

function Result({ result }: { result: ConnectionTestResult }): React.JSX.Element {
  const rows = result.capabilities ?? [];
  if (!result.ok) {
    return (
      <>
        <Notice as="p" tone="error">
          <strong>Connection failed.</strong> {result.error.message}
        </Notice>
        {rows.length > 0 && <Rows rows={rows} />}
      </>
    );
  }
  const limited = rows.filter((r) => r.status === 'denied' || r.status === 'unsupported' || r.status === 'failed');
  const seen = result.objectsVisible === 0 ? 'it has no objects yet' : result.moreObjects ? 'objects are visible' : '1 object is visible';
  return (
    <>
      <Notice as="p" tone={limited.length > 0 ? 'warn' : 'ok'}>
        <strong>Connected.</strong> The bucket “{result.bucket}” on {result.host} is reachable; {seen}.
        {limited.length > 0 && ` Not everything works here: ${limited.map((r) => CAPABILITY_LABELS[r.capability]).join(', ')} — see below.`}
      </Notice>
      <Rows rows={rows} />
    </>
  );
}

function Rows({ rows }: { rows: CapabilityCheck[] }): React.JSX.Element {
  return (
    <ul className={styles.list} aria-label="What this key can do">
      {rows.map((r) => (
        <li key={r.capability} className={styles.row} data-capability={r.capability} data-status={r.status}>
          <span className={styles.label}>{r.label}</span>
          <Badge tone={STATUS[r.status].tone} className={styles.status}>
            {r.capability === 'cdn' && r.status === 'unsupported' ? 'Off' : STATUS[r.status].text}
          </Badge>
          <span className={styles.impact}>{r.impact}</span>
          <span className={styles.detail}>
            {r.storeCode && <code className={styles.code}>{r.storeCode}</code>}
            {r.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The "try a write" opt-in: the check writes only when asked, and only its own probe. */
export function TryWriteToggle({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }): React.JSX.Element {
  return (
    <label className={styles.tryWrite} title="Put and delete one small probe object under .spaces-media/ to check uploads and access changes">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      Try a write
    </label>
  );
}
