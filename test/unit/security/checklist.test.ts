/**
 * Electron's security checklist, proven rather than just set: the functions
 * main hands Electron (webPreferences, navigation, window-open, permission
 * handlers, the openExternal table) and every kind of response the app
 * protocol serves (its CSP, nosniff, path handling), tested as pure code —
 * there is no Electron binary here, and these are exactly what Electron
 * would call.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRequests, contentSecurityPolicy, DATA_CSP, MEDIA_ORIGIN, serveRendererFile } from '../../../src/main/core/app-protocol';
import { dataHeaders, dataText } from '../../../src/main/core/originals/route';
import type { LibraryResponse } from '../../../src/main/core/thumbnails/routes';
import { externalLinkDecision, mainWindowWebPreferences, navigationAllowed, permissionAllowed, webContentsGuards } from '../../../src/main/security-policy';
import { bodyBytes } from '../../fixtures/library-route';
import { tempDir } from '../../fixtures/temp';

describe('the window', () => {
  it('is isolated and sandboxed, with no Node, no webviews and nothing insecure', () => {
    expect(mainWindowWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });
});

describe('navigation, permissions', () => {
  it.each([
    ['app://bundle/index.html', true],
    ['app://bundle/index.html#/models/alice', true],
    ['app://media/original/p/-/a.jpg', false],
    ['app://bundle.evil/index.html', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['about:blank', false],
    ['', false],
  ])('navigating to %s: %s', (url, allowed) => {
    expect(navigationAllowed(url, undefined)).toBe(allowed);
  });

  it('allows the Vite dev server only while it runs', () => {
    expect(navigationAllowed('http://localhost:5173/index.html', 'http://localhost:5173')).toBe(true);
    expect(navigationAllowed('http://localhost:5173/index.html', undefined)).toBe(false);
  });

  it.each([
    ['notifications', 'app://bundle/index.html', true],
    ['notifications', 'app://bundle', true],
    ['notifications', 'app://media/original/p/-/x.jpg', false],
    ['notifications', 'https://evil.example/', false],
    ['notifications', undefined, false],
    ['media', 'app://bundle/index.html', false],
    ['geolocation', 'app://bundle/index.html', false],
    ['clipboard-read', 'app://bundle/index.html', false],
    ['clipboard-sanitized-write', 'app://bundle/index.html', false],
    ['openExternal', 'app://bundle/index.html', false],
    ['fullscreen', 'app://bundle/index.html', false],
    ['pointerLock', 'app://bundle/index.html', false],
    ['display-capture', 'app://bundle/index.html', false],
    ['fileSystem', 'app://bundle/index.html', false],
    ['midiSysex', 'app://bundle/index.html', false],
    ['unknown', 'app://bundle/index.html', false],
  ])('permission %s from %s: %s', (permission, url, allowed) => {
    expect(permissionAllowed(permission, url, undefined)).toBe(allowed);
  });
});

describe('every webContents: navigation, redirects, webviews, new windows', () => {
  const opened: string[] = [];
  const guards = webContentsGuards(undefined, (url) => opened.push(url));
  const event = () => {
    const e = { prevented: false, preventDefault: () => void (e.prevented = true) };
    return e;
  };

  it.each([
    ['app://bundle/index.html#/models', false],
    ['https://evil.example/', true],
    ['app://media/original/p/-/page.jpg', true],
    ['file:///etc/passwd', true],
  ])('navigating or redirecting to %s is prevented: %s', (url, prevented) => {
    for (const handler of [guards.willNavigate, guards.willRedirect]) {
      const e = event();
      handler(e, url);
      expect(e.prevented).toBe(prevented);
    }
  });

  it('never attaches a webview', () => {
    const e = event();
    guards.willAttachWebview(e);
    expect(e.prevented).toBe(true);
  });

  it('denies every new window, handing its URL to the openExternal table', () => {
    for (const url of ['https://github.com/owner/repo', 'https://evil.example/', 'app://bundle/index.html', 'javascript:alert(1)']) {
      expect(guards.windowOpen({ url })).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://github.com/owner/repo', 'https://evil.example/', 'app://bundle/index.html', 'javascript:alert(1)']);
  });
});

describe('links leaving the app (openExternal)', () => {
  it.each([
    ['https://cloud.digitalocean.com/spaces', 'open'],
    ['https://docs.digitalocean.com/products/spaces/', 'open'],
    ['https://github.com/owner/repo/releases', 'open'],
    ['http://github.com/owner/repo', 'ask'],
    ['https://evil.example/phish', 'ask'],
    ['https://cloud.digitalocean.com.evil.example/', 'ask'],
    ['https://user:pass@github.com/', 'refuse'],
    ['file:///etc/passwd', 'refuse'],
    ['javascript:alert(1)', 'refuse'],
    ['smb://server/share', 'refuse'],
    ['ms-msdt:/id PCWDiagnostic', 'refuse'],
    ['app://bundle/index.html', 'refuse'],
    ['not a url', 'refuse'],
  ])('%s → %s', (url, action) => {
    expect(externalLinkDecision(url).action).toBe(action);
  });
});

describe('the app protocol: every response has a CSP and nosniff; paths stay inside', () => {
  const dir = tempDir('spaces-protocol-');
  const renderer = join(dir.path, 'renderer');
  const SECRET = 'outside the renderer: must never be served';
  const PAGE = 'http://spaces.test';
  const MEDIA = 'http://media.spaces.test';
  const routed: string[] = [];
  // The core's routes stand in here (their own headers are tested in integration/security/originals.test.ts).
  const answer = appRequests({
    rendererDir: renderer,
    pageOrigin: PAGE,
    mediaOrigin: MEDIA,
    route: async (pathname): Promise<LibraryResponse> => {
      routed.push(pathname);
      return pathname.startsWith('/thumb/')
        ? { status: 200, headers: dataHeaders({ 'content-type': 'image/webp' }), body: { kind: 'text', text: 'webp' } }
        : dataText(415, 'Not an image');
    },
  });

  beforeAll(() => {
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(
      join(renderer, 'index.html'),
      `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'self'; media-src app://media"><div id="root"></div>`,
    );
    writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log(1)');
    writeFileSync(join(renderer, 'assets', 'index.css'), 'body{}');
    writeFileSync(join(dir.path, 'secret.txt'), SECRET);
  });
  afterAll(() => dir.cleanup());

  const requests = [
    `${PAGE}/index.html`,
    `${PAGE}/`,
    `${PAGE}/assets/index.js`,
    `${PAGE}/assets/index.css`,
    `${PAGE}/missing.png`,
    `${PAGE}/thumb/p/-/a.jpg`,
    `${PAGE}/original/p/-/a.jpg`,
    `${MEDIA}/original/p/-/a.jpg`,
    `${MEDIA}/index.html`,
    `${MEDIA}/thumb/p/-/a.jpg`,
    'http://elsewhere.test/index.html',
    `${PAGE}/..%2Fsecret.txt`,
    `${PAGE}/%2e%2e/secret.txt`,
    `${PAGE}/%E0%A4%A`,
    `${PAGE}/..%5Csecret.txt`,
    `${PAGE}/a%00b`,
  ];

  it.each(requests)('%s', async (url) => {
    const res = await answer(url);
    expect(res.headers['content-security-policy'], url).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    if (res.headers['content-type']?.startsWith('text/html')) {
      expect(res.headers['content-security-policy']).toBe(contentSecurityPolicy(MEDIA));
    } else {
      expect(res.headers['content-security-policy']).toBe(DATA_CSP);
    }
    expect((await bodyBytes(res.body)).toString()).not.toContain(SECRET);
  });

  it('serves originals only on the media origin, and the media origin nothing but originals', async () => {
    routed.length = 0;
    expect((await answer(`${PAGE}/original/p/-/a.jpg`)).status).toBe(404);
    expect((await answer(`${MEDIA}/index.html`)).status).toBe(404);
    expect((await answer(`${MEDIA}/thumb/p/-/a.jpg`)).status).toBe(404);
    expect(routed).toEqual([]);
    expect((await answer(`${MEDIA}/original/p/-/a.jpg`)).status).toBe(415);
    expect((await answer(`${PAGE}/thumb/p/-/a.jpg`)).status).toBe(200);
    expect(routed).toEqual(['/original/p/-/a.jpg', '/thumb/p/-/a.jpg']);
  });

  it("writes the page's CSP (media only from the media origin) into the header and the page's meta tag", async () => {
    const res = await answer(`${PAGE}/index.html`);
    const policy = contentSecurityPolicy(MEDIA);
    expect(policy).toContain(`media-src ${MEDIA};`);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/https:|http:\/\/127|\*/);
    expect((await bodyBytes(res.body)).toString()).toContain(`content="${policy}"`);
    expect(contentSecurityPolicy(MEDIA_ORIGIN)).toContain('media-src app://media;');
  });

  it.each([
    ['..', '/../secret.txt', [403, 404]],
    ['encoded ..', '/%2e%2e%2fsecret.txt', [403, 404]],
    ['double-encoded ..', '/%252e%252e%252fsecret.txt', [404]],
    ['absolute', `/${join(dir.path, 'secret.txt')}`, [404]],
    ['absolute, encoded', `/${encodeURIComponent(join(dir.path, 'secret.txt'))}`, [403, 404]],
    ['UNC', '/%5C%5Cserver%5Cshare%5Csecret.txt', [400]],
    ['UNC, slashes', '//server/share/secret.txt', [404]],
    ['backslash ..', '/..%5Csecret.txt', [400]],
    ['NUL', '/index.html%00.png', [400]],
    ['malformed escape', '/%E0%A4%A', [400]],
  ])('path handling: %s', async (_what, path, statuses) => {
    const res = await serveRendererFile(renderer, path);
    expect(statuses).toContain(res.status);
    expect((await bodyBytes(res.body)).toString()).not.toContain(SECRET);
  });
});
