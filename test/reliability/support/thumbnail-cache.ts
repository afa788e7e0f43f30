/**
 * The thumbnail cache as the app serves it: every row's file must be there,
 * whole (its size as recorded) and decodable; files without a row are
 * strays (never served, but space lost).
 */
import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

export interface CacheVerdict {
  rows: number;
  /** Recorded thumbnails that are missing, cut short or not decodable. */
  bad: string[];
  /** Files in the cache folder that no row accounts for. */
  strays: string[];
}

export async function checkThumbnailCache(dataDir: string): Promise<CacheVerdict> {
  const dbPath = join(dataDir, 'library.db');
  const rows = existsSync(dbPath) ? readRows(dbPath) : [];
  const dir = join(dataDir, 'thumbnails');
  const bad: string[] = [];
  for (const row of rows) {
    const path = join(dir, row.file);
    if (!existsSync(path)) bad.push(`${row.key}: file missing`);
    else if (statSync(path).size !== row.bytes) bad.push(`${row.key}: ${statSync(path).size} bytes on disk, ${row.bytes} recorded`);
    else await sharp(path).metadata().catch((e: unknown) => bad.push(`${row.key}: not decodable (${String(e)})`));
  }
  const known = new Set(rows.map((r) => r.file));
  const strays = existsSync(dir) ? readdirSync(dir).filter((name) => !known.has(name)) : [];
  return { rows: rows.length, bad, strays };
}

function readRows(dbPath: string): { key: string; file: string; bytes: number }[] {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    return db.prepare<[], { key: string; file: string; bytes: number }>('SELECT key, file, bytes FROM thumbnails').all();
  } catch (error) {
    // Killed before the migrations made the table: nothing recorded yet.
    if (String(error).includes('no such table')) return [];
    throw error;
  } finally {
    db.close();
  }
}
