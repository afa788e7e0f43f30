import { Icns } from '@fiahfy/icns';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ICNS_ENTRIES, ICO_SIZES, LINUX_SIZES, iconPaths } from '../../scripts/icon-set';

const paths = iconPaths(join(__dirname, '../..'));

/**
 * "Not blank": the tile leaves a transparent margin and fills the middle, and
 * it carries a picture (many colours), not a flat square. RGBA, row order
 * irrelevant.
 */
function expectPicture(rgba: Buffer, size: number, label: string): void {
  expect(rgba.length, label).toBe(size * size * 4);
  let opaque = 0;
  const colours = new Set<number>();
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i + 3]! < 128) continue;
    opaque++;
    // 4 bits a channel: anti-aliasing noise does not count as a colour.
    colours.add(((rgba[i]! >> 4) << 8) | ((rgba[i + 1]! >> 4) << 4) | (rgba[i + 2]! >> 4));
  }
  const coverage = opaque / (size * size);
  expect(coverage, `${label}: share of opaque pixels`).toBeGreaterThan(0.45);
  expect(coverage, `${label}: share of opaque pixels`).toBeLessThan(0.9);
  expect(colours.size, `${label}: distinct colours`).toBeGreaterThanOrEqual(size <= 16 ? 8 : 16);
}

async function pngPixels(png: Buffer, size: number, label: string): Promise<Buffer> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height], `${label}: dimensions`).toEqual([size, size]);
  return data;
}

/** ICNS's PackBits: a byte < 128 copies the next n+1 bytes; otherwise the next byte repeats n-125 times. */
function unpackBits(data: Buffer, expected: number): Buffer {
  const out: number[] = [];
  for (let i = 0; i < data.length && out.length < expected; ) {
    const n = data[i++]!;
    if (n < 128) {
      for (let k = 0; k <= n; k++) out.push(data[i++]!);
    } else {
      const value = data[i++]!;
      for (let k = 0; k < n - 125; k++) out.push(value);
    }
  }
  return Buffer.from(out);
}

describe('app icon set (generated from resources/icon.svg by npm run icons)', () => {
  it('has an SVG source of the full 1024 px tile', async () => {
    const meta = await sharp(readFileSync(paths.svg)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['svg', 1024, 1024]);
  });

  it.each(LINUX_SIZES.map((size) => [size]))('Linux %i px PNG exists, is that size and shows the picture', async (size) => {
    const file = paths.linuxPng(size);
    expect(existsSync(file), file).toBe(true);
    const png = readFileSync(file);
    expect((await sharp(png).metadata()).format).toBe('png');
    expectPicture(await pngPixels(png, size, file), size, file);
  });

  it('ICNS holds every entry iconutil writes, each the size its type claims', async () => {
    const icns = Icns.from(readFileSync(paths.icns));
    expect(icns.images.map((i) => i.osType)).toEqual(ICNS_ENTRIES.map((e) => e.osType));
    for (const [index, { osType, size }] of ICNS_ENTRIES.entries()) {
      const image = icns.images[index]!.image;
      const label = `icns ${osType}`;
      if (image.subarray(0, 4).toString('ascii') === 'ARGB') {
        // ic04/ic05: four PackBits planes (A, R, G, B) of size² bytes.
        const planes = unpackBits(image.subarray(4), 4 * size * size);
        expect(planes.length, label).toBe(4 * size * size);
        const rgba = Buffer.alloc(4 * size * size);
        for (let p = 0; p < size * size; p++) {
          rgba[p * 4] = planes[size * size + p]!;
          rgba[p * 4 + 1] = planes[2 * size * size + p]!;
          rgba[p * 4 + 2] = planes[3 * size * size + p]!;
          rgba[p * 4 + 3] = planes[p]!;
        }
        expectPicture(rgba, size, label);
      } else {
        expectPicture(await pngPixels(image, size, label), size, label);
      }
    }
  });

  it('ICO holds the Windows sizes as 32-bit images, each the size its directory claims', () => {
    const ico = readFileSync(paths.ico);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)], 'reserved, type = icon').toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    expect(count).toBe(ICO_SIZES.length);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const dir = 6 + 16 * i;
      const size = ico.readUInt8(dir) || 256; // 0 means 256
      expect(ico.readUInt8(dir + 1) || 256, 'square').toBe(size);
      const length = ico.readUInt32LE(dir + 8);
      const offset = ico.readUInt32LE(dir + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const label = `ico ${size} px`;
      // A BITMAPINFOHEADER (height doubled: colour + mask), 32 bpp BGRA rows bottom-up.
      expect(ico.readUInt32LE(offset), label).toBe(40);
      expect([ico.readInt32LE(offset + 4), ico.readInt32LE(offset + 8), ico.readUInt16LE(offset + 14)], label).toEqual([size, 2 * size, 32]);
      const bgra = ico.subarray(offset + 40, offset + 40 + size * size * 4);
      const rgba = Buffer.alloc(bgra.length);
      for (let p = 0; p < bgra.length; p += 4) {
        rgba[p] = bgra[p + 2]!;
        rgba[p + 1] = bgra[p + 1]!;
        rgba[p + 2] = bgra[p]!;
        rgba[p + 3] = bgra[p + 3]!;
      }
      expectPicture(rgba, size, label);
      sizes.push(size);
    }
    expect(sizes).toEqual([...ICO_SIZES]);
  });
});
