// Vite build of the leotwin map. `npm run build` writes web/dist, which `leotwin serve` serves.
// `npm run dev` serves the page with hot reload and forwards /api to a running `leotwin serve`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': process.env.LEOTWIN_API ?? 'http://127.0.0.1:8080' },
  },
});
