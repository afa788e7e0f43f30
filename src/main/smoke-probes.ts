/**
 * What smoke mode (smoke.ts) evaluates in the app's page, as script text: each
 * answers null until what it waits for is on screen. Kept apart from
 * smoke.ts (which needs Electron) so the e2e harness runs the very same
 * probes in Chromium against the real renderer.
 */

/** The app's version as the shell shows it ("v0.1.0"), once the shell has rendered; it comes from app:info. */
export const SHELL_PROBE = `(() => {
  const version = document.querySelector('[data-testid="app-version"]')?.textContent ?? '';
  return document.querySelector('main') && /^v\\d/.test(version) ? version : null;
})()`;

/** Chromium's first contentful paint, in ms after navigation started (null before it). */
export const PAINT_PROBE = `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null`;

/** "WxH URL" of the first thumbnail that loaded over the app's own /thumb/ route. */
export const THUMB_PROBE = `(() => {
  const img = [...document.querySelectorAll('img')].find((i) => i.src.includes('/thumb/') && i.complete && i.naturalWidth > 0);
  return img ? img.naturalWidth + 'x' + img.naturalHeight + ' ' + img.src : null;
})()`;

/** Fetches a URL from the page: "status content-type". */
export function fetchProbe(url: string): string {
  return `fetch(${JSON.stringify(url)}).then((r) => r.status + ' ' + r.headers.get('content-type'))`;
}

/** One model, one post, two photos: a thumbnail to load, quick to seed. */
export const SMOKE_SAMPLE = { models: 1, postsPerModel: 1, imagesPerPost: 2, videoEvery: 0 } as const;
