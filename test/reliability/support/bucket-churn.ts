/**
 * Changes a bucket between syncs the way people do: some objects deleted,
 * some replaced with other bytes, some added (in existing posts and in new
 * ones). Seeded, so a run can be repeated.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { deleteKeys } from '../../fixtures/bucket';
import { directClient, type ListedRow, type ServerAccess } from './index-check';

export interface Churn {
  deleted: number;
  replaced: number;
  added: number;
}

export async function churnBucket(server: ServerAccess, listing: Map<string, ListedRow>, random: () => number, share = 0.03): Promise<Churn> {
  const client = directClient(server);
  const keys = [...listing.keys()];
  const pick = () => keys[Math.floor(random() * keys.length)]!;
  const doomed = new Set<string>();
  const replaced = new Set<string>();
  const count = Math.max(1, Math.round(keys.length * share));
  while (doomed.size < count) doomed.add(pick());
  while (replaced.size < count) {
    const key = pick();
    if (!doomed.has(key)) replaced.add(key);
  }
  const added = new Set<string>();
  while (added.size < count) {
    const base = pick().split('/');
    const fresh = random() < 0.5 ? `${base[0]}/new post ${Math.floor(random() * 20)}` : base.slice(0, -1).join('/') || 'churn';
    added.add(`${fresh}/added ${Math.floor(random() * 1e9)}.jpg`);
  }
  try {
    const limit = pLimit(16);
    const put = (Key: string) => limit(() => client.send(new PutObjectCommand({ Bucket: server.bucket, Key, Body: Buffer.alloc(100 + Math.floor(random() * 5000), Key.length % 251) })));
    await Promise.all([...replaced, ...added].map(put));
    await deleteKeys(client, server.bucket, [...doomed]);
  } finally {
    client.destroy();
  }
  return { deleted: doomed.size, replaced: replaced.size, added: added.size };
}
