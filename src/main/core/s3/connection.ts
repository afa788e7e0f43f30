/**
 * Everything needed to talk to one bucket. Built from a stored profile plus
 * its secret (from the keychain or the environment), or ad hoc by the CLI.
 * Never logged, never sent to the renderer.
 */
export interface S3Connection {
  endpoint: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** Keys live below this prefix ('' or ending in '/'). */
  rootPrefix: string;
}

/** The host a person would recognise in an error message. */
export function connectionHost(connection: Pick<S3Connection, 'endpoint'>): string {
  try {
    return new URL(connection.endpoint).host;
  } catch {
    return connection.endpoint;
  }
}
