/**
 * `/original/<profile>/<etag>/<encoded key>` on the media origin
 * (app://media, which IPC does not trust; app-protocol.ts): the original for
 * the viewer, as data. Its type comes from the allowlist (media-types.ts),
 * never from the bucket; every answer carries a sandboxing CSP and nosniff;
 * bytes stream from the source (source.ts) in the range asked for, so video
 * plays and scrubs.
 */
import parseRange from 'range-parser';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { ProfileRow } from '../repositories/profiles';
import { SNIFF_BYTES, servedType } from './media-types';
import type { OriginalItem, OriginalSourceFor } from './source';

/** The CSP of everything served from bucket bytes: no script, no plugins, no same-origin, not even for a document. */
export const DATA_CSP = "default-src 'none'; sandbox";

export interface DataResponse<Body> {
  status: number;
  headers: Record<string, string>;
  body: Body | { kind: 'text'; text: string };
}

/** Headers every response made from bucket data carries. */
export function dataHeaders(extra: Record<string, string>): Record<string, string> {
  return { 'content-security-policy': DATA_CSP, 'x-content-type-options': 'nosniff', ...extra };
}

export function dataText(status: number, message: string, extra: Record<string, string> = {}): DataResponse<never> {
  return { status, headers: dataHeaders({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...extra }), body: { kind: 'text', text: message } };
}

/** Types already sniffed, by profile, key and ETag (an object's version): a scrubbing video is sniffed once. */
class SniffCache {
  private readonly entries = new Map<string, { type: string | null; total: number }>();
  get(id: string) {
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
    }
    return hit;
  }
  set(id: string, value: { type: string | null; total: number }): void {
    this.entries.set(id, value);
    if (this.entries.size > 500) this.entries.delete(this.entries.keys().next().value!);
  }
}

export interface OriginalsDeps {
  source: OriginalSourceFor;
  log: Logger;
}

export function originalsRoute(deps: OriginalsDeps) {
  const sniffed = new SniffCache();
  return async function serve(profile: ProfileRow, item: OriginalItem, range: string | undefined): Promise<DataResponse<{ kind: 'stream'; stream: ReadableStream<Uint8Array> }>> {
    try {
      const source = await deps.source(profile, item);
      const id = `${profile.id}\u0000${item.key}\u0000${item.etag}`;
      let known = sniffed.get(id);
      if (!known) {
        const { head, total } = await source.head(SNIFF_BYTES);
        known = { type: total > 0 ? await servedType(item.key, head) : null, total };
        sniffed.set(id, known);
      }
      const { type, total } = known;
      if (!type) return dataText(415, 'This file is not an image or video the app shows. Download it to open it elsewhere.');
      const ranges = range ? parseRange(total, range, { combine: true }) : -2;
      if (ranges === -1) return dataText(416, 'Range not satisfiable', { 'content-range': `bytes */${total}` });
      // Several ranges (or a malformed header): the whole object, as RFC 9110 allows.
      const part = Array.isArray(ranges) && ranges.type === 'bytes' && ranges.length === 1 ? ranges[0]! : null;
      const start = part?.start ?? 0;
      const end = part?.end ?? total - 1;
      const headers = dataHeaders({
        'content-type': type,
        'content-length': String(end - start + 1),
        'accept-ranges': 'bytes',
        'cache-control': 'private, max-age=3600',
      });
      if (part) headers['content-range'] = `bytes ${start}-${end}/${total}`;
      return { status: part ? 206 : 200, headers, body: { kind: 'stream', stream: await source.read(start, end) } };
    } catch (error) {
      if (error instanceof AppError && error.code === 'NETWORK') return dataText(503, error.message);
      deps.log.warn(`original ${item.key} could not be read`, error);
      return dataText(503, 'The original is not available right now.');
    }
  };
}
