import type { ErrorInfo } from '../../../shared/errors';

/**
 * A contract call that answered `{ok:false}` (or did not answer): thrown by
 * the data layer so TanStack Query sees a failure, and carrying main's
 * ErrorInfo so views show its message and branch on its code.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }

  get code(): ErrorInfo['code'] {
    return this.info.code;
  }
}

/** The IPC bridge itself failed (main gone, page torn down): not an answer from main. */
export const NO_ANSWER: ErrorInfo = { code: 'INTERNAL', message: 'The app did not answer.', retryable: true };

/** Any thrown value as the ErrorInfo a view can show. */
export function errorInfoOf(error: unknown): ErrorInfo {
  return error instanceof ApiError ? error.info : NO_ANSWER;
}
