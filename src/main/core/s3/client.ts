import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { S3Connection } from './connection';
import { recordSentRequests } from './sent-request';

export interface ClientOptions {
  /**
   * Total attempts per request, first included. The SDK's standard strategy
   * backs off with full jitter from 100 ms, from 500 ms for throttling
   * (SlowDown, 503, 429), capped at 20 s, and stops retrying when its retry
   * quota runs dry. Interactive probes pass fewer (profiles/test-connection.ts).
   */
  maxAttempts?: number;
  /** Sockets kept per host; bounds concurrency on the wire. */
  maxSockets?: number;
  connectionTimeoutMs?: number;
  /** Idle socket timeout: a stalled transfer fails instead of hanging. */
  socketTimeoutMs?: number;
}

/**
 * The one place S3 clients are built. Spaces and other S3-compatible stores
 * reject the SDK's default CRC32 checksums (SDK ≥ 3.729), so checksums are
 * only sent/validated when an operation requires them. Get the connection
 * from `core.profiles.connection(profileId?)`; turn what `send` throws into
 * a person's message with `toAppError` (./errors.ts).
 */
export function createS3Client(connection: S3Connection, options: ClientOptions = {}): S3Client {
  const maxSockets = options.maxSockets ?? 64;
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: Math.min(maxSockets, 16) };
  const client = new S3Client({
    endpoint: connection.endpoint,
    region: connection.region,
    forcePathStyle: connection.forcePathStyle,
    credentials: { accessKeyId: connection.accessKeyId, secretAccessKey: connection.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: options.maxAttempts ?? 6,
    retryMode: 'standard',
    requestHandler: new NodeHttpHandler({
      connectionTimeout: options.connectionTimeoutMs ?? 5_000,
      socketTimeout: options.socketTimeoutMs ?? 60_000,
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
    }),
  });
  recordSentRequests(client);
  return client;
}
