/**
 * The bench's S3 server, in its own process (so its CPU and memory are not
 * counted as ours): fills s3rver's on-disk store directly (much faster than
 * PUTs: the same files s3rver writes — object, .md5, metadata.json), starts
 * s3rver on it, optionally behind a latency proxy, and prints its endpoint.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import S3rver from 's3rver';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy } from '../../test/fixtures/latency-proxy';
import { benchKeys } from './layout';

const [directory, bucket, objectsArg, latencyArg] = process.argv.slice(2);
const objects = Number(objectsArg);
const latency = Number(latencyArg ?? 0);

function fill(): number {
  const started = Date.now();
  const made = new Set<string>();
  const meta = JSON.stringify({ 'content-type': 'image/jpeg' });
  let i = 0;
  for (const { key, size } of benchKeys(objects)) {
    const base = join(directory!, bucket!, key);
    const dir = dirname(base);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    const body = Buffer.alloc(size, i++ % 251);
    const prefix = join(dir, base.slice(dir.length + 1));
    writeFileSync(`${prefix}._S3rver_object`, body);
    writeFileSync(`${prefix}._S3rver_object.md5`, createHash('md5').update(body).digest('hex'));
    writeFileSync(`${prefix}._S3rver_metadata.json`, meta);
  }
  return Date.now() - started;
}

const fillMs = fill();
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: directory!, configureBuckets: [{ name: bucket!, configs: [] }] });
const address = (await server.run()) as AddressInfo;
let endpoint = `http://127.0.0.1:${address.port}`;
if (latency > 0) endpoint = (await startLatencyProxy(endpoint, latency)).endpoint;
process.stdout.write(`${JSON.stringify({ endpoint, fillMs })}\n`);
