import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { PooledClient } from '../s3/client-pool';
import { withRetries } from './part-io';

/** Every key below `prefix` on the server: what the planner compares a batch against. */
export async function keysUnder({ client, connection }: PooledClient, prefix: string): Promise<Set<string>> {
  const keys = new Set<string>();
  let token: string | undefined;
  const scope = { signal: new AbortController().signal, target: connection };
  do {
    const page = await withRetries(scope, prefix, () => client.send(new ListObjectsV2Command({ Bucket: connection.bucket, Prefix: prefix, ContinuationToken: token })));
    for (const o of page.Contents ?? []) if (o.Key) keys.add(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}
