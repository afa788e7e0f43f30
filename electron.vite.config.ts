import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { cpSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

/** drizzle's migrator reads a folder at run time: ship it beside the main bundle. */
function copyMigrations(): Plugin {
  return {
    name: 'copy-migrations',
    writeBundle(options) {
      const outDir = options.dir ?? resolve(__dirname, 'out/main');
      cpSync(resolve(__dirname, 'src/main/core/db/migrations'), resolve(outDir, 'migrations'), { recursive: true });
    },
  };
}

export default defineConfig({
  main: {
    define,
    plugins: [copyMigrations()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The core's worker thread: its own entry, so main can start it by path (unpacked beside the asar when packaged).
          'core-worker': resolve(__dirname, 'src/main/worker/core-worker.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          // The demo library's read-only S3 server: its own process (utilityProcess in the app, a child under Node).
          'demo-server': resolve(__dirname, 'src/main/core/demo/demo-server-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot require() packages: bundle zod and friends in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    define,
    plugins: [react()],
    // Scoped class names that still say where they come from (Sidebar-module__brand__x1y2) in the inspector.
    css: { modules: { generateScopedName: '[name]__[local]__[hash:base64:4]' } },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
