/**
 * A video's facts and poster frame, from a local file or a presigned URL:
 * ffprobe and ffmpeg read over HTTP with range requests (they seek to the
 * index and to the frame), so a 2 GB video is not downloaded for one frame.
 * The poster is the frame at ~10 % of the duration, or a later one when that
 * one is black or blank (fades, title cards).
 */
import type { MediaFacts } from '../../../shared/domain';
import { loadSharp } from '../thumbnails/render';
import { runTool } from './run-tool';

/** Where posters are looked for, as fractions of the duration, in order. */
const POSTER_AT = [0.1, 0.25, 0.4, 0.6, 0.03];
/** A frame darker than this (mean of 0–255) or flatter than this (standard deviation) is no poster. */
const MIN_MEAN = 24;
const MIN_STDEV = 10;
/** Frames are taken this wide (the thumbnail is 400 px; the rest is for a sharper downscale). */
const FRAME_WIDTH = 640;

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  tags?: Record<string, string>;
  side_data_list?: { rotation?: number }[];
}

interface Probe {
  streams?: ProbeStream[];
  format?: { duration?: string; tags?: Record<string, string> };
}

/** Seconds → ms, or null when ffprobe gave none ("N/A"). */
function seconds(value: string | undefined): number | null {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : null;
}

/** A creation time ffprobe reports (ISO, UTC); zero dates (1904, 1970) some encoders write mean "unknown". */
function creationTime(tags: Record<string, string> | undefined): number | null {
  const value = tags?.creation_time;
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) && new Date(ms).getUTCFullYear() > 1971 ? ms : null;
}

/** Facts from ffprobe's JSON (pure: unit-tested with recorded output). */
export function videoFactsFromProbe(probe: Probe): MediaFacts {
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  const rotation = Number(video?.tags?.rotate ?? video?.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0);
  const quarterTurn = Math.abs(rotation) % 180 === 90;
  const width = video?.width ?? null;
  const height = video?.height ?? null;
  return {
    width: quarterTurn ? height : width,
    height: quarterTurn ? width : height,
    durationMs: seconds(probe.format?.duration) ?? seconds(video?.duration),
    takenAt: creationTime(probe.format?.tags) ?? creationTime(video?.tags),
    camera: probe.format?.tags?.['com.apple.quicktime.model'] ?? null,
    orientation: null,
    codec: video?.codec_name ?? null,
  };
}

export async function probeVideo(input: string, signal?: AbortSignal): Promise<MediaFacts> {
  const out = await runTool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', input], { signal, maxBytes: 4 * 1024 * 1024 });
  return videoFactsFromProbe(JSON.parse(out.toString('utf8')) as Probe);
}

/** One frame at `ms` as PNG (input seeking: ffmpeg jumps to the nearest keyframe before it, by range reads). */
export function frameAt(input: string, ms: number, signal?: AbortSignal): Promise<Buffer> {
  return runTool(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-ss', (ms / 1000).toFixed(3), '-i', input, '-frames:v', '1', '-an', '-vf', `scale='min(${FRAME_WIDTH},iw)':-2`, '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1'],
    { signal },
  );
}

/** How a frame looks: its mean brightness and contrast (standard deviation), over the colour channels. */
async function look(png: Buffer): Promise<{ mean: number; stdev: number }> {
  const sharp = await loadSharp();
  const { channels } = await sharp(png).stats();
  const colour = channels.slice(0, 3);
  const avg = (f: (c: (typeof colour)[number]) => number) => colour.reduce((n, c) => n + f(c), 0) / colour.length;
  return { mean: avg((c) => c.mean), stdev: avg((c) => c.stdev) };
}

/** The poster frame (PNG): the first candidate that is neither black nor blank, else the brightest one seen. */
export async function posterFrame(input: string, durationMs: number | null, signal?: AbortSignal): Promise<Buffer> {
  const times = durationMs ? POSTER_AT.map((f) => Math.floor(durationMs * f)) : [1000, 0];
  let best: { png: Buffer; mean: number } | null = null;
  let lastError: unknown = null;
  for (const ms of times) {
    let png: Buffer;
    try {
      png = await frameAt(input, ms, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      lastError = error;
      continue;
    }
    if (png.length === 0) continue;
    const { mean, stdev } = await look(png);
    if (mean >= MIN_MEAN && stdev >= MIN_STDEV) return png;
    if (!best || mean > best.mean) best = { png, mean };
  }
  if (best) return best.png;
  throw lastError ?? new Error('ffmpeg returned no frame');
}
