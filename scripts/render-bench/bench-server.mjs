/** Building and serving the render bench (src-renderer/bench/), shared by the runner and the trace aid. */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Flags for Chromium: the same as the e2e suite's (scripts/chromium.mjs). */
export { CHROMIUM_ARGS } from '../chromium.mjs';

/**
 * Builds the bench page with the web Vite config (production React) into a temp folder.
 * @param {{ minify?: boolean, reuse?: boolean }} [options] minify (default true; false keeps names for
 *   profiles); reuse: skip the build when an earlier one is there.
 * @returns {Promise<string>} the output folder
 */
export async function buildBench({ minify = true, reuse = false } = {}) {
  const outDir = path.join(os.tmpdir(), minify ? 'slotline-render-bench' : 'slotline-render-bench-dev');
  if (reuse && fs.existsSync(path.join(outDir, 'bench', 'index.html'))) return outDir;
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'vite.web.config.ts'),
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      minify,
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { input: path.join(root, 'src-renderer/bench/index.html') },
    },
  });
  return outDir;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` read-only on a free port of 127.0.0.1.
 * @returns {Promise<{ server: http.Server, base: string }>}
 */
export function serveDir(dir) {
  const server = http.createServer((req, res) => {
    const rel = path.posix.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolve({ server, base: `http://127.0.0.1:${port}` });
    }),
  );
}
