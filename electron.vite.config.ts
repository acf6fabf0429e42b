import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { cspHtmlPlugin } from './src-main/electron/csp-vite-plugin.ts';

/**
 * The queue reads its Lua scripts from disk at run time (src-main/queue/scripts.ts, next to the
 * module through import.meta.url): copy them next to the main bundle, where electron-builder's
 * asarUnpack picks them up as out/main/commands/**.
 */
function copyLuaScripts(): Plugin {
  return {
    name: 'slotline-copy-lua',
    apply: 'build',
    writeBundle(options) {
      const outDir = options.dir ?? path.resolve('out/main');
      fs.cpSync(path.resolve('src-main/queue/commands'), path.join(outDir, 'commands'), { recursive: true });
      // The window and About-panel icon (build/ is electron-builder's, not shipped by itself).
      fs.copyFileSync(path.resolve('build/icon.png'), path.join(outDir, 'icon.png'));
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: path.resolve('src-main/electron/main.ts') } },
    },
    plugins: [copyLuaScripts()],
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle zod and the contract into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: path.resolve('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    // The built page has no CSP meta tag: the app:// protocol handler sends the policy as a header.
    // The dev server's page gets a meta policy with the hash of React's refresh preamble.
    plugins: [react(), cspHtmlPlugin({ built: 'header' })],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: path.resolve('src-renderer/index.html') } },
    },
  },
});
