import { useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors';
import type { UpdateCheck } from '../../../../shared/updates';

type State = { stage: 'idle' } | { stage: 'checking' } | { stage: 'done'; result: UpdateCheck } | { stage: 'error'; error: ErrorInfo };

function describe(state: State): string {
  switch (state.stage) {
    case 'idle':
      return 'New versions come from the project’s GitHub releases; the installed app also looks once after it starts.';
    case 'checking':
      return 'Checking for a newer version…';
    case 'error':
      return state.error.message;
    case 'done': {
      const r = state.result;
      if (r.state === 'disabled') return r.message;
      if (r.state === 'up-to-date') return `You have the latest version (${r.version}).`;
      return `Version ${r.version} is downloading (you have ${r.current}); it is installed when you quit the app.`;
    }
  }
}

/** Settings › Updates: one "Check for updates" button and what it found. */
export function UpdatesSection(): React.JSX.Element {
  const [state, setState] = useState<State>({ stage: 'idle' });
  const check = async () => {
    setState({ stage: 'checking' });
    try {
      const envelope = await window.api.app.checkForUpdates();
      setState(envelope.ok ? { stage: 'done', result: envelope.data } : { stage: 'error', error: envelope.error });
    } catch {
      setState({ stage: 'error', error: { code: 'INTERNAL', message: 'The app did not answer.', retryable: true } });
    }
  };
  return (
    <section className="settings-section settings-updates" aria-labelledby="updates-title">
      <div className="settings-section-header">
        <h2 id="updates-title">Updates</h2>
        <button type="button" className="set-btn" onClick={() => void check()} disabled={state.stage === 'checking'}>
          {state.stage === 'checking' ? 'Checking…' : 'Check for updates'}
        </button>
      </div>
      <p className={state.stage === 'error' ? 'notice error' : 'muted small'} role="status" data-testid="update-status">
        {describe(state)}
      </p>
    </section>
  );
}
