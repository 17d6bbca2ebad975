import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the console SPA into dist/console, served by Keyward at /console. */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.resolve(__dirname, '..', 'dist', 'console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // no inline script: the CSP allows only script-src 'self'
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/v1': 'http://127.0.0.1:4000' } },
});
