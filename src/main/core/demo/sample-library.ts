/**
 * A generated sample library in the default key layout: a handful of models
 * (icon, banner, model thumbnail), dozens of posts, a few hundred small
 * images (gradients and shapes rendered from SVG by sharp) and a few video
 * placeholders (no video encoder ships with the app). Deterministic, so
 * tests can name what they expect. Used by `npm run demo`, tests, benches.
 */
import sharp from 'sharp';
import { seededRandom } from '../../../shared/seeded-random';

export interface SampleObject {
  key: string;
  contentType: string;
  body: () => Promise<Buffer>;
}

export interface SampleOptions {
  models?: number;
  postsPerModel?: number;
  /** Images per post (varies ±40 % by post). */
  imagesPerPost?: number;
  /** One video placeholder in every Nth post (0: none). */
  videoEvery?: number;
  /** Longest side of the generated photos. */
  imageSize?: number;
}

export const SAMPLE_MODELS = ['aurora', 'bianca', 'celeste', 'dahlia', 'elena', 'freya', 'giulia', 'hana', 'ingrid', 'juno'];
const PLACES = ['beach', 'studio', 'city-lights', 'garden', 'mountain', 'rooftop', 'desert', 'forest', 'snow', 'harbour', 'cafe', 'neon'];
const SUBJECTS = ['portrait', 'sunset', 'candid', 'closeup', 'wide', 'detail', 'golden-hour', 'mirror', 'motion', 'silhouette'];

/** The n-th file name of the sample naming scheme (for large generated indexes: benches, tests). */
export function sampleMediaName(n: number): string {
  const place = PLACES[n % PLACES.length]!;
  const subject = SUBJECTS[Math.floor(n / PLACES.length) % SUBJECTS.length]!;
  return `IMG_${String(n).padStart(6, '0')}_${place}_${subject}.jpg`;
}


function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A photo-like picture: a two-colour gradient, soft shapes and a caption. */
export async function renderSampleImage(options: {
  width: number;
  height: number;
  hue: number;
  seed: number;
  title: string;
  subtitle?: string;
  format?: 'jpeg' | 'png';
}): Promise<Buffer> {
  const { width: w, height: h, hue } = options;
  const r = seededRandom(options.seed);
  const shapes = Array.from({ length: 5 }, () => {
    const cx = Math.round(r() * w);
    const cy = Math.round(r() * h);
    const rad = Math.round((0.1 + r() * 0.35) * Math.min(w, h));
    const hh = Math.round(hue + 40 + r() * 80) % 360;
    return `<circle cx="${cx}" cy="${cy}" r="${rad}" fill="hsl(${hh},70%,${55 + Math.round(r() * 20)}%)" opacity="${(0.25 + r() * 0.35).toFixed(2)}"/>`;
  }).join('');
  const horizon = Math.round(h * (0.55 + r() * 0.2));
  const title = escapeXml(options.title);
  const subtitle = options.subtitle ? escapeXml(options.subtitle) : '';
  // Captions sit inside the centre square so grid crops (object-fit: cover) keep them whole.
  const fs = Math.round(Math.min(w, h) * 0.065);
  const x = Math.round(w > h ? (w - h) / 2 + h * 0.08 : w * 0.08);
  const y = Math.round(h > w ? h / 2 + w * 0.2 : h * 0.86);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="0.4" y2="1">
        <stop offset="0" stop-color="hsl(${hue},65%,62%)"/>
        <stop offset="1" stop-color="hsl(${(hue + 50) % 360},55%,28%)"/>
      </linearGradient>
      <filter id="blur"><feGaussianBlur stdDeviation="${Math.round(Math.min(w, h) / 40)}"/></filter>
    </defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <g filter="url(#blur)">${shapes}</g>
    <path d="M0 ${horizon} Q ${w * 0.3} ${horizon - h * 0.12} ${w * 0.6} ${horizon} T ${w} ${horizon - h * 0.05} V ${h} H 0 Z" fill="hsl(${(hue + 200) % 360},35%,18%)" opacity="0.85"/>
    <text x="${x}" y="${y - fs}" font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="${fs}" fill="#fff" opacity="0.92">${title}</text>
    <text x="${x}" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(fs * 0.6)}" fill="#fff" opacity="0.75">${subtitle}</text>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  return options.format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 78, mozjpeg: false }).toBuffer();
}

/** A few bytes standing in for a video where no encoder is available (the app shows a video placeholder). */
function videoPlaceholder(name: string): Buffer {
  return Buffer.from(`Spaces Media demo video placeholder: ${name}\n`.repeat(64));
}

function hueOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hash % 360;
}

/** Every object of the sample library, bodies rendered lazily. */
export function sampleLibrary(options: SampleOptions = {}): SampleObject[] {
  const modelCount = Math.min(options.models ?? 6, SAMPLE_MODELS.length);
  const postsPerModel = options.postsPerModel ?? 6;
  const perPost = options.imagesPerPost ?? 10;
  const videoEvery = options.videoEvery ?? 3;
  const size = options.imageSize ?? 720;
  const r = seededRandom(42);
  const out: SampleObject[] = [];
  const jpeg = (key: string, render: () => Promise<Buffer>) => out.push({ key, contentType: 'image/jpeg', body: render });

  for (let m = 0; m < modelCount; m++) {
    const model = SAMPLE_MODELS[m]!;
    const hue = hueOf(model);
    const pretty = model[0]!.toUpperCase() + model.slice(1);
    jpeg(`${model}/profile/icon.jpg`, () => renderSampleImage({ width: 256, height: 256, hue, seed: m * 7 + 1, title: '' }));
    jpeg(`${model}/profile/banner.jpg`, () =>
      renderSampleImage({ width: 1500, height: 500, hue: (hue + 30) % 360, seed: m * 7 + 2, title: pretty, subtitle: 'Sample library' }),
    );
    // No caption: the card puts the model's icon and name over it.
    jpeg(`${model}/thumb.jpg`, () => renderSampleImage({ width: 600, height: 450, hue, seed: m * 7 + 3, title: '' }));
    for (let p = 0; p < postsPerModel; p++) {
      const month = String(1 + ((p * 2 + m) % 12)).padStart(2, '0');
      const place = PLACES[(m * 5 + p * 3) % PLACES.length]!;
      const post = `2026-${month}-${place}`;
      const count = Math.max(2, Math.round(perPost * (0.6 + r() * 0.8)));
      for (let i = 0; i < count; i++) {
        const subject = SUBJECTS[(i + p) % SUBJECTS.length]!;
        const name = `IMG_${String(1000 + m * 1000 + p * 50 + i)}_${place}_${subject}.jpg`;
        const portrait = r() < 0.6;
        const seed = m * 100_000 + p * 1000 + i;
        const tone = (hue + (p * 37 + i * 11) % 90) % 360;
        jpeg(`${model}/${post}/${name}`, () =>
          renderSampleImage({
            width: portrait ? Math.round(size * 0.75) : size,
            height: portrait ? size : Math.round(size * 0.75),
            hue: tone,
            seed,
            title: `${pretty} · ${place.replace('-', ' ')}`,
            subtitle: subject.replace('-', ' '),
          }),
        );
      }
      if (videoEvery > 0 && p % videoEvery === 0) {
        const name = `clip_${place}_${p + 1}.mp4`;
        out.push({ key: `${model}/${post}/${name}`, contentType: 'video/mp4', body: async () => videoPlaceholder(name) });
      }
    }
  }
  return out;
}
