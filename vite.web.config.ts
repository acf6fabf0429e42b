import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer built as a plain web app, served by `slotline serve` and used by component tests. */
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/web',
    emptyOutDir: true,
  },
});
