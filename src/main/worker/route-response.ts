/**
 * A library route's answer as a fetch Response for the app protocol: a
 * thumbnail streams from its cache file, an original is the stream the
 * worker transferred (S3's body, chunk by chunk), text is text. Nothing is
 * held whole in memory on the host's thread.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RouteResponse } from './core-host';

export function toWebResponse(res: RouteResponse): Response {
  const init = { status: res.status, headers: res.headers };
  const { body } = res;
  if (body.kind === 'text') return new Response(body.text, init);
  if (body.kind === 'stream') return new Response(body.stream, init);
  return new Response(Readable.toWeb(createReadStream(body.path, { start: body.start, end: body.end })) as ReadableStream<Uint8Array>, init);
}
