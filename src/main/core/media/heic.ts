/**
 * HEIC (HEIF with HEVC: iPhone photos) to RGBA pixels. sharp's prebuilt
 * libheif decodes only AVIF (HEVC is patent-encumbered), so libheif's
 * WebAssembly build (heic-decode over libheif-js) does it; loaded on the
 * first HEIC only (a few MB).
 */
interface Decoded {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

type Decode = (input: { buffer: Buffer }) => Promise<Decoded>;
let decoder: Promise<Decode> | undefined;

export async function decodeHeic(buffer: Buffer): Promise<Decoded> {
  decoder ??= import('heic-decode').then((m) => ((m as { default?: Decode }).default ?? (m as unknown as Decode)));
  return (await decoder)({ buffer });
}
