import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../src/main/ipc/handlers';
import { dispatch } from '../../src/main/ipc/dispatch';
import { testCore, type TestCore } from '../fixtures/core';

describe('app:openDemo', () => {
  let core: TestCore | undefined;
  afterEach(() => core?.cleanup());

  it("asks the host to reopen on the demo library (Electron's relaunch)", async () => {
    let asked = 0;
    core = testCore({ openDemo: () => void (asked += 1) });
    const res = await dispatch(createHandlers(core), 'app:openDemo', undefined, core.log);
    expect(res).toEqual({ ok: true, data: { opening: true } });
    expect(asked).toBe(1);
  });

  it('says how to get the demo where the host cannot relaunch', async () => {
    core = testCore();
    const res = await dispatch(createHandlers(core), 'app:openDemo', undefined, core.log);
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!res.ok && res.error.message).toContain('npm run demo');
  });
});
