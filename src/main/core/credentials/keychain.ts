import keytar from 'keytar';
import { APP_ID } from '../app-info';
import { AppError } from '../errors';
import { registerSecret } from '../logger';
import type { CredentialStore } from './credential-store';

function unavailable(cause: unknown): AppError {
  return new AppError(
    'KEYCHAIN_UNAVAILABLE',
    'The system keychain is not available, so the secret key cannot be read or stored. ' +
      'On Linux, make sure a Secret Service (GNOME Keyring or KWallet) is running and unlocked; on macOS, unlock the login keychain. ' +
      'For the command-line tool on servers and CI, set SPACES_KEY and SPACES_SECRET in the environment instead.',
    { cause },
  );
}

/** The OS keychain through keytar. Errors become KEYCHAIN_UNAVAILABLE; there is no plaintext fallback. */
export function keychainStore(service = APP_ID): CredentialStore {
  return {
    async get(profileId) {
      try {
        const secret = await keytar.getPassword(service, profileId);
        if (secret) registerSecret(secret);
        return secret;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async set(profileId, secret) {
      registerSecret(secret);
      try {
        await keytar.setPassword(service, profileId, secret);
      } catch (error) {
        throw unavailable(error);
      }
    },
    async delete(profileId) {
      try {
        return await keytar.deletePassword(service, profileId);
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}
