import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/main/core/logger';
import { electronUpdates } from '../../src/main/updates';

/** Only the one field electronUpdates reads before it would load electron-updater. */
const appThat = (isPackaged: boolean) => ({ isPackaged }) as Parameters<typeof electronUpdates>[0];

describe('auto-update is off unless installed, and off in tests and smoke runs', () => {
  afterEach(() => {
    delete process.env.SPACES_MEDIA_DISABLE_UPDATES;
  });

  it('from source (not packaged) it says so and never loads electron-updater', async () => {
    const updates = electronUpdates(appThat(false), memoryLogger(), { smoke: false });
    expect(await updates.check()).toEqual({ state: 'disabled', message: expect.stringContaining('only in an installed app') });
  });

  it('a packaged smoke run or a test run (SPACES_MEDIA_DISABLE_UPDATES=1) does not update', async () => {
    expect((await electronUpdates(appThat(true), memoryLogger(), { smoke: true }).check()).state).toBe('disabled');
    process.env.SPACES_MEDIA_DISABLE_UPDATES = '1';
    expect((await electronUpdates(appThat(true), memoryLogger(), { smoke: false }).check()).state).toBe('disabled');
  });
});
