import keytar from 'keytar';
import { describe, expect, it } from 'vitest';
import { keyringAvailability } from '../fixtures/keyring';

const keyring = keyringAvailability();
if (!keyring.ok) console.warn(`[skip] keyring.test.ts: ${keyring.reason}`);

describe.skipIf(!keyring.ok)('keytar in a private keyring session', () => {
  it('round-trips a secret and deletes it', async () => {
    const service = 'spaces-media-manager-test';
    const account = `acct-${Date.now()}`;
    expect(await keytar.getPassword(service, account)).toBeNull();
    await keytar.setPassword(service, account, 'pä$$ word ✓');
    expect(await keytar.getPassword(service, account)).toBe('pä$$ word ✓');
    expect(await keytar.deletePassword(service, account)).toBe(true);
    expect(await keytar.getPassword(service, account)).toBeNull();
  });
});
