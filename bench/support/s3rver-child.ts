/**
 * The bench's S3 server, in its own process (so its CPU and memory are not
 * counted as ours): fills s3rver's on-disk store directly (much faster than
 * PUTs: the same files s3rver writes — object, .md5, metadata.json), starts
 * s3rver on it, optionally behind a latency proxy, and prints its endpoint.
 */
import S3rver from 's3rver';
import type { AddressInfo } from 'node:net';
import { startLatencyProxy } from '../../test/fixtures/latency-proxy';
import { fillS3rverStore } from '../../test/fixtures/s3rver-store';
import { benchKeys } from '../../test/fixtures/library-layout';

const [directory, bucket, objectsArg, latencyArg] = process.argv.slice(2);
const objects = Number(objectsArg);
const latency = Number(latencyArg ?? 0);

const fillMs = fillS3rverStore(directory!, bucket!, benchKeys(objects));
const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: directory!, configureBuckets: [{ name: bucket!, configs: [] }] });
const address = (await server.run()) as AddressInfo;
let endpoint = `http://127.0.0.1:${address.port}`;
if (latency > 0) endpoint = (await startLatencyProxy(endpoint, latency)).endpoint;
process.stdout.write(`${JSON.stringify({ endpoint, fillMs })}\n`);
