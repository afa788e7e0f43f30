import { describe, expect, it } from 'vitest';
import { channelNames } from '../../src/shared/contract';
import type { Envelope } from '../../src/shared/errors';
import { memoryLogger } from '../../src/main/core/logger';
import { registerIpc } from '../../src/main/ipc/register';
import { isTrustedUrl } from '../../src/main/trusted-url';

// Electron's types, taken from registerIpc's signature (tests import no electron).
type Handler = Parameters<Parameters<typeof registerIpc>[0]['handle']>[1];
type InvokeEvent = Parameters<Handler>[0];

/**
 * A stand-in for Electron's ipcMain (no Electron binary here): it only
 * records the handlers registerIpc gives it, which the tests then call as
 * Electron would, with an event naming the sender frame's URL.
 */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  return { handlers, handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) };
}

const from = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url } }) as unknown as InvokeEvent;

function setUp(devServerUrl?: string) {
  const ipc = fakeIpcMain();
  const relayed: { channel: string; request: unknown }[] = [];
  const log = memoryLogger();
  registerIpc(
    ipc,
    async (channel, request) => {
      relayed.push({ channel, request });
      return { ok: true, data: 'answered' };
    },
    (url) => isTrustedUrl(url, devServerUrl),
    log,
  );
  const invoke = (channel: string, url: string | undefined, request?: unknown) => ipc.handlers.get(channel)!(from(url), request) as Promise<Envelope<unknown>>;
  return { ipc, relayed, log, invoke };
}

describe('IPC sender check (main, before anything reaches the core)', () => {
  it('registers every contract channel, once', () => {
    const { ipc } = setUp();
    expect([...ipc.handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it("relays a call from the app's own page to the core", async () => {
    const { invoke, relayed } = setUp();
    expect(await invoke('library:listModels', 'app://bundle/index.html', { sort: 'name' })).toEqual({ ok: true, data: 'answered' });
    expect(relayed).toEqual([{ channel: 'library:listModels', request: { sort: 'name' } }]);
  });

  it.each([
    ['another site', 'https://evil.example/app://bundle/'],
    ['a file URL', 'file:///home/me/index.html'],
    ['a look-alike host', 'app://bundle.evil/index.html'],
    ['the media origin (bucket bytes)', 'app://media/original/p/-/page.jpg'],
    ['a frame of the media origin inside the page', 'app://media/'],
    ['no frame at all', undefined],
    ['an empty URL', ''],
    ['the dev server when none runs', 'http://localhost:5173/'],
  ])('refuses %s with FORBIDDEN, relays nothing and logs it', async (_what, url) => {
    const { invoke, relayed, log } = setUp();
    expect(await invoke('profiles:list', url)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'Request refused.', retryable: false } });
    expect(relayed).toEqual([]);
    expect(log.lines.join('\n')).toContain('ipc profiles:list refused from untrusted frame');
  });

  it('trusts the Vite dev server only while it is the one running (npm run dev)', async () => {
    const { invoke, relayed } = setUp('http://localhost:5173');
    expect(await invoke('app:info', 'http://localhost:5173/index.html')).toMatchObject({ ok: true });
    expect(await invoke('app:info', 'http://localhost:5174/index.html')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(relayed).toHaveLength(1);
  });
});
