// electron-builder's afterPack hook: flips Electron's fuses in the packaged
// binary before it is signed. A fuse is a bit compiled into Electron that
// switches a feature off for good, whatever the environment or command line:
//   RunAsNode off                              ELECTRON_RUN_AS_NODE cannot turn the app into a plain Node
//   EnableNodeOptionsEnvironmentVariable off   NODE_OPTIONS cannot inject code
//   EnableNodeCliInspectArguments off          --inspect cannot attach a debugger
//   EnableEmbeddedAsarIntegrityValidation on   app.asar is checked against the hash in the binary (macOS, Windows)
//   OnlyLoadAppFromAsar on                     no app/ folder beside app.asar can replace it
//   EnableCookieEncryption on                  cookies encrypted at rest with the OS keychain's key
//   GrantFileProtocolExtraPrivileges off       file:// gets no extra rights (the app's pages use app://)
// A stand-in binary (the packaging test's, where no real Electron can be
// downloaded) has no fuse wire: it is skipped, saying so.
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
// Marks the start of the fuse wire in every Electron ≥ 12: @electron/fuses's own constant, not a copy.
import { SENTINEL as FUSE_SENTINEL } from '@electron/fuses/dist/constants.js';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';


export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The fuses of `app` (as @electron/fuses takes it) that differ from FUSES, by name. */
export async function wrongFuses(app) {
  // Each fuse in the wire is the ASCII byte '1' (on) or '0' (off).
  const wire = await getCurrentFuseWire(app);
  return Object.entries(FUSES)
    .filter(([index, on]) => (String.fromCharCode(wire[index]) === '1') !== on)
    .map(([index]) => FuseV1Options[index]);
}

/** The path @electron/fuses takes, and the file holding the fuse wire. */
function electronPaths(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    const app = join(appOutDir, `${name}.app`);
    return { app, wireFile: join(app, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework') };
  }
  const exe = join(appOutDir, electronPlatformName === 'win32' ? `${name}.exe` : packager.executableName);
  return { app: exe, wireFile: exe };
}

/**
 * The ffmpeg and ffprobe binaries unpacked beside app.asar (video posters):
 * some packages ship them executable by their owner only, which a system-wide
 * install (the .deb, as root) would leave unusable by everyone else.
 */
export function makeMediaToolsExecutable(resourcesDir) {
  const made = [];
  for (const scope of ['@ffmpeg-installer', '@ffprobe-installer']) {
    const dir = join(resourcesDir, 'app.asar.unpacked', 'node_modules', scope);
    if (!existsSync(dir)) continue;
    for (const platform of readdirSync(dir)) {
      for (const tool of ['ffmpeg', 'ffprobe']) {
        const binary = join(dir, platform, tool);
        if (!existsSync(binary)) continue;
        chmodSync(binary, 0o755);
        made.push(binary);
      }
    }
  }
  return made;
}

function resourcesOf(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources');
  return join(appOutDir, 'resources');
}

export default async function afterPack(context) {
  const tools = makeMediaToolsExecutable(resourcesOf(context));
  if (tools.length > 0) console.log(`  • media tools executable by all: ${tools.length} (ffmpeg, ffprobe)`);
  const { app, wireFile } = electronPaths(context);
  if (!existsSync(wireFile) || !readFileSync(wireFile).includes(FUSE_SENTINEL)) {
    console.log(`  • fuses skipped: ${wireFile} has no fuse wire — a stand-in, not a real Electron binary; fuses are flipped and checked only on a real one`);
    return;
  }
  await flipFuses(app, {
    version: FuseVersion.V1,
    // Flipping edits the binary; on macOS give it a fresh ad-hoc signature (electron-builder signs properly afterwards where it can).
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    ...FUSES,
  });
  const wrong = await wrongFuses(app);
  if (wrong.length > 0) throw new Error(`fuses not set in ${app}: ${wrong.join(', ')}`);
  console.log(`  • fuses flipped in ${app}: ${Object.entries(FUSES).map(([index, on]) => `${FuseV1Options[index]}=${on ? 'on' : 'off'}`).join(', ')}`);
}
