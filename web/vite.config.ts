/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

// The dev server proxies the API to a locally running M3uStrm.Server. changeOrigin stays false
// on purpose: the server's CSRF check compares the Origin header with the Host it sees, and both
// must then name the Vite dev server.
const api = 'http://127.0.0.1:5080';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api },
      '/openapi': { target: api },
      '/healthz': { target: api },
      '/ws': { target: api, ws: true },
    },
  },
  build: {
    outDir: '../src/M3uStrm.Server/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    // Stable file names (no content hash): the server build lists wwwroot when MSBuild evaluates the project, before
    // this build runs, and a hashed name that changed in between breaks .NET's static web assets step. Browsers
    // revalidate the files with ETag / Last-Modified instead.
    rollupOptions: {
      output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/[name].js', assetFileNames: 'assets/[name][extname]' },
    },
  },
  test: {
    environment: 'happy-dom',
    setupFiles: ['./src/test/setup.ts'],
    restoreMocks: true,
    css: false,
  },
});
