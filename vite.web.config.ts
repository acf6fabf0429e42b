import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { cspHtmlPlugin } from './src-main/electron/csp-vite-plugin.ts';

/** recharts and the libraries under it: only the chart views (loaded lazily) import them. */
const CHART_LIBS =
  /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|reselect|immer|react-redux|es-toolkit|decimal\.js-light|eventemitter3|tiny-invariant)[\\/]/;

/** React itself: every view needs it, so it must not be pulled into the lazily loaded charts chunk. */
const REACT = /node_modules[\\/](react|react-dom|scheduler)[\\/]/;

/** The renderer built as a plain web app, served by `slotline serve` and used by component tests. */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  // The console's policy (shared/csp.ts) as a meta tag; serve sends it as a header too.
  plugins: [react(), cspHtmlPlugin({ built: 'meta' })],
  build: {
    outDir: '../out/web',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Named, cacheable chunks: React (loaded at start) and the chart stack (loaded with the chart views),
        // instead of pieces named after recharts internals. A group also takes its dependencies, hence
        // React's own group, ranked first.
        codeSplitting: {
          groups: [
            { name: 'react', test: REACT, priority: 2 },
            { name: 'charts', test: CHART_LIBS, priority: 1 },
          ],
        },
      },
    },
  },
});
