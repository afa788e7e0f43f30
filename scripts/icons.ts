/**
 * `npm run icons`: renders resources/icon.svg (the one source) into what each
 * platform's package needs, with sharp:
 *   resources/icons/NxN.png   Linux icon set (AppImage, .deb) and the window icon
 *   resources/icon.icns       macOS (PNG entries, plus ARGB 16/32 as iconutil writes them)
 *   resources/icon.ico        Windows (16…256; png-to-ico writes 32-bit BMP entries)
 * The outputs are committed so packaging needs no extra step; run this again
 * after editing the SVG. test/unit/icons.test.ts checks what it wrote.
 */
import { Icns, IcnsImage } from '@fiahfy/icns';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pngToIco from 'png-to-ico';
import sharp from 'sharp';
import { ICNS_ENTRIES, ICO_SIZES, LINUX_SIZES, iconPaths } from './icon-set';

const root = join(import.meta.dirname, '..');
const paths = iconPaths(root);
const svg = readFileSync(paths.svg);

/** The SVG rasterises at its own 1024 px; smaller sizes are Lanczos-downscaled from that (smooth edges at 16 px). */
async function render(size: number): Promise<Buffer> {
  return sharp(svg).resize(size, size).png({ compressionLevel: 9 }).toBuffer();
}

const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map((e) => e.size)])].sort((a, b) => a - b);
const png = new Map<number, Buffer>();
for (const size of sizes) png.set(size, await render(size));
const at = (size: number): Buffer => png.get(size)!;

mkdirSync(paths.linuxDir, { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(paths.linuxPng(size), at(size));

const icns = new Icns();
for (const { osType, size } of ICNS_ENTRIES) icns.append(IcnsImage.fromPNG(at(size), osType));
writeFileSync(paths.icns, icns.data);

writeFileSync(paths.ico, await pngToIco(ICO_SIZES.map(at)));

console.log(`icons: ${LINUX_SIZES.length} PNGs in ${paths.linuxDir}, ${paths.icns}, ${paths.ico}`);
