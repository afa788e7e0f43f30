/**
 * The app icon set's shape, shared by scripts/icons.ts (which writes it) and
 * test/unit/icons.test.ts (which checks it): sizes, ICNS entry types, paths.
 */
import { join } from 'node:path';

/** Linux wants a folder of NxN.png (electron-builder's `linux.icon`); 512 also serves as the window icon. */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Windows shell sizes: small icons, list views, up to the 256 "jumbo" tile. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

/** The entries Apple's iconutil writes: ARGB for 16/32, PNG above, @2x variants. */
export const ICNS_ENTRIES = [
  { osType: 'ic04', size: 16 },
  { osType: 'ic05', size: 32 },
  { osType: 'ic11', size: 32 },
  { osType: 'ic12', size: 64 },
  { osType: 'ic07', size: 128 },
  { osType: 'ic13', size: 256 },
  { osType: 'ic08', size: 256 },
  { osType: 'ic14', size: 512 },
  { osType: 'ic09', size: 512 },
  { osType: 'ic10', size: 1024 },
] as const;

export function iconPaths(root: string) {
  const resources = join(root, 'resources');
  return {
    svg: join(resources, 'icon.svg'),
    linuxDir: join(resources, 'icons'),
    linuxPng: (size: number) => join(resources, 'icons', `${size}x${size}.png`),
    icns: join(resources, 'icon.icns'),
    ico: join(resources, 'icon.ico'),
  };
}
