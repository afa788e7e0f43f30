import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SENTINEL } from '@electron/fuses/dist/constants.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../fixtures/temp';

type AfterPack = (context: unknown) => Promise<void>;
const hook = join(__dirname, '../../scripts/after-pack.js');
const { default: afterPack } = (await import(pathToFileURL(hook).href)) as { default: AfterPack };

// Fuse order in wire version 1: RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
// EmbeddedAsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocolExtraPrivileges.
const ELECTRON_DEFAULTS = '10110001';
const WANTED = '01001100';

/**
 * The afterPack hook on a Linux app folder. The "binary" is SYNTHETIC: bytes
 * laid out as Electron lays out its fuse wire (sentinel, version 1, length,
 * one ASCII '0'/'1' per fuse), enough to see which fuses the hook flips. A
 * real Electron is flipped and read back by the same hook in release.yml.
 */
describe('afterPack flips the fuses', () => {
  const dir = tempDir('spaces-fuses-');
  afterAll(() => dir.cleanup());
  const context = { appOutDir: dir.path, electronPlatformName: 'linux', packager: { appInfo: { productFilename: 'Spaces Media Manager' }, executableName: 'spaces-media-manager' } };
  const exe = join(dir.path, 'spaces-media-manager');
  const wireAt = 4096 + SENTINEL.length + 2;

  it('sets RunAsNode, NODE_OPTIONS and --inspect off; asar integrity, asar-only and cookie encryption on', async () => {
    writeFileSync(exe, Buffer.concat([Buffer.alloc(4096), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from(ELECTRON_DEFAULTS), Buffer.alloc(4096)]));
    await afterPack(context);
    const wire = readFileSync(exe).subarray(wireAt, wireAt + 8).toString('latin1');
    expect(wire).toBe(WANTED);
  });

  it('leaves a stand-in without a fuse wire alone, saying so', async () => {
    const standIn = '#!/bin/sh\necho stand-in\n';
    writeFileSync(exe, standIn);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await afterPack(context);
    expect(log.mock.calls.flat().join('\n')).toMatch(/fuses skipped: .* stand-in, not a real Electron binary/);
    log.mockRestore();
    expect(readFileSync(exe, 'utf8')).toBe(standIn);
  });
});
