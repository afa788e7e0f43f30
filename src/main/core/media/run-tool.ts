/**
 * Runs ffmpeg or ffprobe (never a shell): arguments as an array, output
 * collected as bytes, killed past a deadline, and a failure that says which
 * tool failed and its last line of stderr.
 */
import { execFile } from 'node:child_process';
import { AppError } from '../errors';
import { mediaToolPath, type MediaTool } from './binaries';

export interface ToolOptions {
  timeoutMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
}

export function runTool(tool: MediaTool, args: string[], options: ToolOptions = {}): Promise<Buffer> {
  const binary = mediaToolPath(tool);
  if (!binary) {
    return Promise.reject(new AppError('NOT_SUPPORTED', `No ${tool} for ${process.platform}-${process.arch}: video posters and facts are not available here.`));
  }
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { encoding: 'buffer', timeout: options.timeoutMs ?? 30_000, maxBuffer: options.maxBytes ?? 32 * 1024 * 1024, signal: options.signal, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        // A presigned URL's query is a credential for a while: never in a message or a log.
        const last = (stderr.toString('utf8').trim().split('\n').at(-1) ?? '').replace(/(https?:\/\/[^\s?]+)\?\S*/g, '$1?…');
        const timedOut = error.killed && !options.signal?.aborted;
        // No `cause`: the child's error repeats the command line, presigned URL included.
        reject(new AppError('INVALID_INPUT', `${tool} ${timedOut ? 'took too long' : 'failed'}${last ? `: ${last.slice(0, 300)}` : ''}`));
      },
    );
  });
}
