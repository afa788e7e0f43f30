import { calls, type Channel, type Handlers } from '../../shared/contract';
import type { Envelope } from '../../shared/errors';
import { AppError, toErrorInfo } from '../core/errors';
import type { Logger } from '../core/logger';
import { isPlainData, MAX_DEPTH } from './plain-data';

/**
 * The one path every IPC call takes: validate the channel, the request's
 * shape (plain data: plain-data.ts) and the request itself with the
 * contract's zod schema, run the handler, wrap the result in an envelope. Raw errors are logged here and never returned.
 */
export async function dispatch(
  /** The whole table (the core), or a part of it (the library reader: its read channels). */
  handlers: Partial<Handlers>,
  channel: string,
  request: unknown,
  log: Logger,
): Promise<Envelope<unknown>> {
  if (!Object.hasOwn(calls, channel) || !Object.hasOwn(handlers, channel)) {
    return { ok: false, error: { code: 'INVALID_INPUT', message: `Unknown request "${channel}".`, retryable: false } };
  }
  if (!isPlainData(request)) {
    const message = `Invalid request: only plain data (objects, arrays, text, numbers, true/false), at most ${MAX_DEPTH} levels deep.`;
    return { ok: false, error: { code: 'INVALID_INPUT', message, retryable: false } };
  }
  const ch = channel as Channel;
  const parsed = calls[ch].request.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return {
      ok: false,
      error: { code: 'INVALID_INPUT', message: `Invalid request${where}: ${issue?.message ?? 'rejected'}.`, retryable: false },
    };
  }
  try {
    const handler = handlers[ch] as unknown as (req: unknown) => unknown;
    return { ok: true, data: await handler(parsed.data) };
  } catch (error) {
    if (!(error instanceof AppError) || error.code === 'INTERNAL') log.error(`ipc ${channel} failed`, error);
    else log.warn(`ipc ${channel}: ${error.code}`, error);
    return { ok: false, error: toErrorInfo(error) };
  }
}
