#!/usr/bin/env node
// Builds the npm package's JavaScript and types into dist/ (`npm run build:lib`; `npm pack` runs it
// through `prepack`, together with the console's web build in out/web).
//   dist/index.js, dist/cli.js   ES modules, bundled by esbuild; dependencies stay imports
//   dist/*-<hash>.js             chunks shared by the two, and one per CLI command (loaded lazily)
//   dist/commands/**             the queue's Lua scripts, read next to the module at run time
//   dist/index.d.ts              the public API's declarations in one file (rollup-plugin-dts)
//
// Why a bundler and not `tsc` emit: the sources import each other without file extensions
// (moduleResolution "Bundler"), which Node's ESM loader cannot resolve, so emitted files would need
// their specifiers rewritten. esbuild is already the transpiler under tsx and vite; bundling also
// gives the CLI one chunk per command, which is what keeps `slotline --help` fast.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
const t0 = Date.now();

fs.rmSync(dist, { recursive: true, force: true });

/**
 * `slotline bench` compares against BullMQ, a dev dependency: in the package it says so instead
 * of failing on a missing module (the bench runs from a clone: npm run bench).
 */
const repoOnlyBench = {
  name: 'repo-only-bench',
  setup(b) {
    b.onResolve({ filter: /[\\/]bench[\\/]run-bench$/ }, () => ({ path: 'run-bench', namespace: 'repo-only' }));
    b.onLoad({ filter: /.*/, namespace: 'repo-only' }, () => ({
      resolveDir: path.join(root, 'src-main/bench'),
      loader: 'ts',
      contents: `import { SlotlineError } from '../../shared/errors';
        export async function runBench(): Promise<number> {
          throw new SlotlineError('repo-only', 'the bench needs BullMQ and the repository\\'s dev dependencies: run it from a clone with npm run bench');
        }`,
    }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { index: 'src-main/lib/index.ts', cli: 'src-main/cli/main.ts' },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Every package.json dependency stays an import, installed by npm beside slotline.
  packages: 'external',
  // Chunks sit flat in dist/ beside the entries: the queue finds its Lua in `<module dir>/commands`.
  chunkNames: '[name]-[hash]',
  // Error classes keep their names (SlotlineError sets `name` from the class).
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [repoOnlyBench],
});

fs.cpSync(path.join(root, 'src-main/queue/commands'), path.join(dist, 'commands'), { recursive: true });

const types = await rollup({
  input: path.join(root, 'src-main/lib/index.ts'),
  plugins: [dts({ tsconfig: path.join(root, 'tsconfig.node.json'), compilerOptions: { noEmit: false } })],
  external: (id) => !id.startsWith('.') && !path.isAbsolute(id),
  onwarn(w, warn) {
    // zod's and ioredis's own types are imported, not inlined: that is intended.
    if (w.code === 'UNRESOLVED_IMPORT') return;
    warn(w);
  },
});
await types.write({ file: path.join(dist, 'index.d.ts'), format: 'es' });
await types.close();

const files = fs.readdirSync(dist, { recursive: true }).filter((f) => fs.statSync(path.join(dist, f)).isFile());
const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
console.log(`build-lib: ${files.length} files, ${(bytes / 1024).toFixed(0)} KiB in dist/ (${Date.now() - t0} ms)`);
