/**
 * Where ffmpeg and ffprobe are: the binaries the @ffmpeg-installer/<platform>
 * and @ffprobe-installer/<platform> packages ship (optional dependencies, one
 * per OS and CPU; npm installs the one that fits). Packaged, they are
 * unpacked beside app.asar (electron-builder.yml's asarUnpack): a binary
 * inside the archive cannot be executed.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';

export type MediaTool = 'ffmpeg' | 'ffprobe';

const resolveFrom = createRequire(import.meta.url);
const found = new Map<MediaTool, string | null>();

/** `app.asar/…` → `app.asar.unpacked/…` (the same path outside a packaged app). */
export function unpackedPath(path: string): string {
  return path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
}

/** The tool's binary for this platform, or null when no package for it is installed. */
export function mediaToolPath(tool: MediaTool): string | null {
  if (!found.has(tool)) {
    let path: string | null;
    try {
      const dir = dirname(resolveFrom.resolve(`@${tool}-installer/${process.platform}-${process.arch}/package.json`));
      const binary = unpackedPath(join(dir, process.platform === 'win32' ? `${tool}.exe` : tool));
      path = existsSync(binary) ? binary : null;
    } catch {
      path = null;
    }
    found.set(tool, path);
  }
  return found.get(tool)!;
}
