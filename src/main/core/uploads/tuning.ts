import type { JournalPart } from './journal';

/** How the queue runs; hosts and tests tune it, the defaults suit Spaces. */
export interface UploadTuning {
  /** Requests in flight across every file (parts and small files). */
  concurrency?: number;
  /** Files transferring at once. */
  filesAtOnce?: number;
  /** Parts in flight per file (Spaces: at most 10). */
  partsPerFile?: number;
  /** Bytes of file data held in memory at once (parts in flight); bounds peak RSS. Default 64 MiB (96 MiB was ~5 % faster on s3rver but peaked at 267 MB). */
  memoryBudget?: number;
  /** Preferred part size; grown for big files so none needs more than 10,000 parts. */
  partSize?: number;
  /** Called after an object is verified and indexed: the thumbnail service hooks in here. */
  onUploaded?(event: { profileId: string; key: string; localPath: string }): void;
  /** Called after a part is journaled (tests use it to stop a process mid-upload). */
  onPartJournaled?(itemId: number, part: JournalPart, partsDone: number): void;
  progressIntervalMs?: number;
}
