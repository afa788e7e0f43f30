/**
 * Where profile secrets live: the OS keychain (keytar) in the app and CLI.
 * Account = profile id. Nothing else in the app stores a secret.
 */
export interface CredentialStore {
  get(profileId: string): Promise<string | null>;
  set(profileId: string, secret: string): Promise<void>;
  /** True when an entry existed. */
  delete(profileId: string): Promise<boolean>;
}
