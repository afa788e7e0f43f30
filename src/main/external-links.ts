import { dialog, shell } from 'electron';
import { externalLinkDecision } from './security-policy';

/**
 * The only way the app opens anything outside itself: http(s) in the
 * browser, a host the app did not produce only once the person agreed in
 * main's own dialog (security-policy.ts holds the table).
 */
export async function openExternal(url: string): Promise<boolean> {
  const decision = externalLinkDecision(url);
  if (decision.action === 'refuse') return false;
  if (decision.action === 'ask') {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      message: `Open ${decision.host} in your browser?`,
      detail: decision.url,
      buttons: ['Open', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return false;
  }
  // Only http(s), re-serialised, and an unknown host only after the dialog above (externalLinkDecision; checklist.test.ts).
  await shell.openExternal(decision.url); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}
