/**
 * V8 tuning for the CLI's bulk downloads. Every socket read is a fresh
 * 64 KiB Buffer, so a download allocates its size again in short-lived
 * buffers; with the SDK loaded the old generation sits just above V8's
 * threshold for incremental marking and its slack below the young
 * generation's size, so V8 starts a full mark-compact after nearly every
 * scavenge (75 of them, ~15–25% of the CPU, in the 1 GiB download
 * benchmark). A command-line process has no frames to keep smooth: atomic
 * full collections when the heap is really full cost far less. The app's
 * processes keep V8's defaults.
 */
import { setFlagsFromString } from 'node:v8';

export function tuneGcForThroughput(): void {
  setFlagsFromString('--no-incremental-marking');
}
