/**
 * Sends one journaled item: its bytes (transfer.ts / multipart.ts) with
 * every acknowledged part recorded as it lands, then the verify-and-index
 * step. An object the server stored wrong (INTEGRITY) is sent again from
 * scratch, once. What the item's state becomes is the queue's business.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import type { PooledClient } from '../s3/client-pool';
import { connectionHost } from '../s3/connection';
import type { UploadIndexer } from './index-upsert';
import { getItem, otherUploadIds, partsOf, recordPart, resetParts, type JournalPart, type UploadRow } from './journal';
import { PartMemory } from './part-memory';
import { DEFAULT_PART, partSizeFor } from './part-size';
import { transferFile } from './transfer';
import { verifyAndIndex, type VerifiedObject } from './verify-and-index';

export interface ItemSenderOptions {
  db: Db;
  indexer: UploadIndexer;
  client(profileId: string): Promise<PooledClient>;
  /** Requests in flight across every file. */
  concurrency: number;
  partsPerFile: number;
  memoryBudget: number;
  partSize?: number;
  /** A part was journaled (the progress reporter; tests stop a process here). */
  onPart(row: UploadRow, part: JournalPart, partsDone: number): void;
}

export class ItemSender {
  /** The one global cap on requests in flight (parts and small files). */
  private readonly requests: LimitFunction;
  /** Held by the multipart file whose parts are being started (one at a time). */
  private readonly partsTurn = pLimit(1);
  private readonly memory: PartMemory;

  constructor(private readonly options: ItemSenderOptions) {
    this.requests = pLimit(options.concurrency);
    this.memory = new PartMemory(options.memoryBudget);
  }

  /** Sends item `id` and confirms it on the server; resolves with the row as sent and what the server holds. */
  async send(id: number, signal: AbortSignal): Promise<{ row: UploadRow; verified: VerifiedObject }> {
    const { db } = this.options;
    for (let attempt = 1; ; attempt++) {
      const row = getItem(db, id)!;
      const pooled = await this.options.client(row.profileId);
      const { client, connection } = pooled;
      const partSize = row.partSize ?? partSizeFor(row.size, this.options.partSize ?? DEFAULT_PART);
      const parts = partsOf(db, id);
      let partsDone = parts.length;
      const result = await transferFile(
        {
          client,
          endpoint: connection.endpoint,
          bucket: connection.bucket,
          host: connectionHost(connection),
          requests: this.requests,
          partsTurn: this.partsTurn,
          partsPerFile: this.options.partsPerFile,
          memory: this.memory,
          signal,
        },
        { ...row, partSize, parts, otherUploadIds: otherUploadIds(db, row) },
        {
          onUploadId: (uploadId, size) => resetParts(db, id, [], { uploadId, partSize: size, bytesDone: 0 }),
          onPartsReset: (kept, bytesDone) => {
            partsDone = kept.length;
            resetParts(db, id, kept, { bytesDone });
          },
          onPart: (part, bytesDone) => {
            recordPart(db, id, part, bytesDone);
            this.options.onPart(row, part, ++partsDone);
          },
        },
      );
      try {
        return { row, verified: await verifyAndIndex(pooled, this.options.indexer, row, result, signal) };
      } catch (error) {
        // The object on the server is wrong: send it again from scratch, once.
        if (!(error instanceof AppError) || error.code !== 'INTEGRITY' || attempt >= 2) throw error;
        resetParts(db, id, [], { uploadId: null, bytesDone: 0 });
      }
    }
  }
}
