/**
 * A seeded set of local files to upload: mostly small photos, some medium
 * ones, a few big enough for multipart (part size 5 MiB in the trials),
 * with their MD5s to check what the server holds.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface LocalFile {
  rel: string;
  size: number;
  md5: string;
}

const MiB = 1024 * 1024;

/** Bytes that depend on the seed and the file (cheap to make, different per file). */
function bytes(size: number, random: () => number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  for (let i = 0; i + 4 <= size; i += 4) buffer.writeUInt32LE((random() * 2 ** 32) >>> 0, i);
  for (let i = size - (size % 4); i < size; i++) buffer[i] = (random() * 256) | 0;
  return buffer;
}

/** Writes `count` files under dir (in a couple of sub-folders) and returns them; `multipart` of them are `big` MiB (default 6–16). */
export function writeFileSet(dir: string, count: number, multipart: number, random: () => number, big: [number, number] = [6, 16]): LocalFile[] {
  const files: LocalFile[] = [];
  for (let i = 0; i < count; i++) {
    const size =
      i < multipart
        ? big[0] * MiB + Math.floor(random() * (big[1] - big[0]) * MiB)
        : i % 8 === 0
          ? MiB + Math.floor(random() * 4 * MiB)
          : 1 + Math.floor(random() * 400 * 1024);
    const ext = i % 11 === 0 ? 'mp4' : 'jpg';
    const rel = `${i % 3 === 0 ? 'sub/' : ''}file ${String(i).padStart(4, '0')}.${ext}`;
    const body = bytes(size, random);
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    files.push({ rel, size, md5: createHash('md5').update(body).digest('hex') });
  }
  return files;
}
