// Vite build of the leotwin map. `npm run build` writes web/dist, which `leotwin serve` serves.
// `npm run dev` serves the page with hot reload and forwards /api to a running `leotwin serve`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';

// FILE.gz beside every text file of 1 KiB or more in the build, at zlib's best level: the server
// sends it to browsers that accept gzip (after checking that it decompresses to FILE), so the
// first visitor does not wait while it compresses 1.8 MB of script (api/encoding.h).
function precompress() {
  let outDir = 'dist';
  return {
    name: 'leotwin-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else if (/\.(js|mjs|css|html|svg|json|geojson)$/.test(name) && statSync(path).size >= 1024) {
            writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
          }
        }
      };
      walk(outDir);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [precompress()],
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
