import { useId, useState } from 'react';
import type { ExportConflict, ExportResult } from '../../../shared/downloads';
import { useApiMutation } from '../data/mutations';
import { formatBytes } from '../format';
import { Button } from '../ui/Button';
import { ModalDialog } from '../ui/ModalDialog';
import styles from './Export.module.css';

/** What "Download…" saves: chosen keys, or a whole post or model (kept as MODEL/POST/FILE). */
export type ExportTarget = { keys: string[] } | { model: string; post?: string };

const CHOICES: [ExportConflict, string][] = [
  ['skip', 'Skip existing'],
  ['keepBoth', 'Keep both'],
  ['overwrite', 'Replace'],
];

/**
 * "Download…": main asks for the folder (its own dialog); when files are
 * already there, a dialog here asks what to do with them. Returns the
 * action, a line saying what happened, and the dialog to render.
 */
export function useExport(): { start(target: ExportTarget | (() => Promise<ExportTarget>)): void; busy: boolean; status: React.ReactNode; dialog: React.ReactNode } {
  const exporting = useApiMutation('downloads:export');
  const decide = useApiMutation('downloads:exportDecide');
  const [result, setResult] = useState<ExportResult | null>(null);
  const titleId = useId();
  const onResult = (r: ExportResult) => setResult(r);

  const start = (target: ExportTarget | (() => Promise<ExportTarget>)) => {
    setResult(null);
    void (async () => {
      const request = typeof target === 'function' ? await target() : target;
      if ('keys' in request && request.keys.length === 0) return;
      exporting.mutate(request, { onSuccess: onResult });
    })();
  };
  const failure = exporting.error ?? decide.error;
  const status = failure ? (
    <span className={styles.error} role="alert">
      {failure.message}
    </span>
  ) : result?.status === 'queued' ? (
    <span className={styles.status} role="status" data-testid="export-status">
      {result.files > 0 ? `Downloading ${result.files} file${result.files === 1 ? '' : 's'} (${formatBytes(result.bytes)}) to ${result.folder}` : `Nothing to download to ${result.folder}`}
      {result.skipped > 0 ? ` · ${result.skipped} already there, skipped` : ''}
    </span>
  ) : null;

  const pending = result?.status === 'needs-decision' ? result : null;
  const dialog = pending && (
    <ModalDialog className={styles.dialog} aria-labelledby={titleId} onClose={() => setResult(null)} data-testid="export-conflicts">
      <div className={styles.body}>
        <h2 id={titleId}>Some of the {pending.files} file{pending.files === 1 ? '' : 's'} are already in this folder</h2>
        <p className={styles.folder}>{pending.folder}</p>
        <ul className={styles.conflicts}>
          {/* Main names the first 20. */}
          {pending.conflicts.map((path) => (
            <li key={path}>{path}</li>
          ))}
          {pending.conflicts.length >= 20 && <li>…</li>}
        </ul>
        <p>Keep both saves the new copies with a number added to their names.</p>
        <div className={styles.actions}>
          <Button onClick={() => setResult(null)}>Cancel</Button>
          {CHOICES.map(([conflict, label]) => (
            <Button key={conflict} variant={conflict === 'skip' ? 'primary' : 'default'} disabled={decide.isPending} onClick={() => decide.mutate({ token: pending.token, conflict }, { onSuccess: onResult })}>
              {label}
            </Button>
          ))}
        </div>
      </div>
    </ModalDialog>
  );
  return { start, busy: exporting.isPending || decide.isPending, status, dialog };
}

/** "Download…" for a whole post or model, with what it did beside it. */
export function DownloadButton({ target, label = 'Download…' }: { target: ExportTarget; label?: string }): React.JSX.Element {
  const exp = useExport();
  return (
    <span className={styles.export}>
      <Button size="sm" onClick={() => exp.start(target)} disabled={exp.busy} title="Save the originals to a folder, as MODEL/POST/FILE">
        {label}
      </Button>
      {exp.status}
      {exp.dialog}
    </span>
  );
}
