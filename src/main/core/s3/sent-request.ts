/**
 * What an S3 call put on the wire, kept on the error it threw, so an error
 * message can name the request and the header a store refused (Spaces
 * answers 501 NotImplemented to a header it does not support and does not
 * say which). Header names only, plus the two values that decide such a
 * refusal; never the Authorization header or any value that could hold a
 * secret.
 */
import type { S3Client } from '@aws-sdk/client-s3';

export interface SentRequest {
  /** The operation, e.g. PutObject. */
  operation: string;
  /** Header names, lower case; `content-encoding` and `x-amz-content-sha256` with their values. */
  headers: string[];
  /** Query parameter names. */
  query: string[];
}

const SENT = Symbol.for('spaces-media.sentRequest');
const WITH_VALUE = new Set(['content-encoding', 'x-amz-content-sha256']);

/** Installs the recorder on a client (createS3Client does, for every client the app builds). */
export function recordSentRequests(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error !== null && typeof error === 'object' && !(SENT in error)) {
          const request = args.request as { headers?: Record<string, string>; query?: Record<string, unknown> } | undefined;
          const headers = Object.entries(request?.headers ?? {})
            .map(([name, value]) => [name.toLowerCase(), value] as const)
            .filter(([name]) => name !== 'authorization')
            .map(([name, value]) => (WITH_VALUE.has(name) ? `${name}: ${value}` : name));
          const sent: SentRequest = { operation: (context.commandName ?? 'request').replace(/Command$/, ''), headers, query: Object.keys(request?.query ?? {}) };
          Object.defineProperty(error, SENT, { value: sent, enumerable: false });
        }
        throw error;
      }
    },
    // Inside signing and retries: the request as the store received it, each attempt.
    { step: 'finalizeRequest', priority: 'low', name: 'recordSentRequest' },
  );
}

export function sentRequestOf(error: unknown): SentRequest | undefined {
  return error !== null && typeof error === 'object' ? (error as { [SENT]?: SentRequest })[SENT] : undefined;
}

const UNSUPPORTED_HEADER = /^x-amz-(checksum-.+|sdk-checksum-algorithm|trailer)$/;
const SIGNING_HEADERS = new Set(['x-amz-date', 'x-amz-content-sha256', 'x-amz-user-agent', 'x-amz-security-token']);

/**
 * The headers (or query parameters) that a store without them refuses: the
 * checksum family, aws-chunked and streaming payloads (spaces.md). When none
 * is among them, every optional x-amz-* header sent, since one of those was it.
 */
export function suspectHeaders(sent: SentRequest): string[] {
  const known = [
    ...sent.headers.filter((h) => UNSUPPORTED_HEADER.test(h) || /^content-encoding: .*aws-chunked/.test(h) || /^x-amz-content-sha256: STREAMING-/.test(h)),
    ...sent.query.filter((q) => UNSUPPORTED_HEADER.test(q.toLowerCase())),
  ];
  if (known.length > 0) return known;
  return sent.headers.filter((h) => h.startsWith('x-amz-') && !SIGNING_HEADERS.has(h.split(':')[0]!));
}
