/**
 * An accessibility check with axe-core in the page under test. The app's CSP
 * (script-src 'self') refuses inline scripts, so axe.min.js is served from
 * the app's own origin by a page route and loaded with a <script src>.
 * Fails on any serious or critical violation, naming each with its nodes.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { HARNESS_ORIGIN } from './harness';

const resolveFrom = createRequire(import.meta.url);
const AXE_PATH = resolveFrom.resolve('axe-core/axe.min.js');
const AXE_URL = `${HARNESS_ORIGIN}/__test/axe.min.js`;
const routed = new WeakSet<Page>();

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Every serious and critical axe violation on the page as it is now (the whole document: views, dialogs, the top layer). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  if (!routed.has(page)) {
    await page.route(AXE_URL, (route) => route.fulfill({ path: AXE_PATH, contentType: 'text/javascript' }));
    routed.add(page);
  }
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ url: AXE_URL });
  const result = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Violation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Throws with a readable list when the page has serious or critical violations. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) => `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
      .slice(0, 4)
      .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim() ?? ''}`)
      .join('\n')}`,
  );
  throw new Error(`axe: ${violations.length} serious/critical violation(s) in ${where}:\n${lines.join('\n')}`);
}

/** The check in the OS's dark and light schemes (the theme follows prefers-color-scheme), then the emulation off again. */
export async function expectAccessibleInBothSchemes(page: Page, where: string): Promise<void> {
  try {
    for (const colorScheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme });
      await expectAccessible(page, `${where} (${colorScheme})`);
    }
  } finally {
    await page.emulateMedia({ colorScheme: null });
  }
}
