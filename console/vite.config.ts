import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = path.resolve(__dirname, '..', 'dist', 'console');

/**
 * Vendor chunks of the packages every signed-in screen uses: cached apart from the app's own code,
 * which changes more often. Listed by name so that a package only a lazy screen imports (GraphiQL,
 * charts…) stays in that screen's chunk instead of being loaded up front.
 */
const VENDOR_CHUNKS: Record<string, string[]> = {
  react: ['react', 'react-dom', 'scheduler', 'react-router', 'cookie', 'set-cookie-parser'],
  mantine: [
    '@mantine/core',
    '@mantine/hooks',
    '@mantine/modals',
    '@mantine/notifications',
    '@mantine/store',
    '@floating-ui',
    'react-remove-scroll',
    'react-remove-scroll-bar',
    'react-style-singleton',
    'use-callback-ref',
    'use-sidecar',
    'get-nonce',
    'detect-node-es',
    'tslib',
    'react-textarea-autosize',
    'react-number-format',
    'react-transition-group',
    'clsx',
    'type-fest',
    'use-isomorphic-layout-effect',
    'use-composed-ref',
    'use-latest',
  ],
  data: ['urql', '@urql/core', 'wonka', '@0no-co/graphql.web', '@tanstack/react-table', '@tanstack/table-core'],
};
const chunkOfPackage = new Map(
  Object.entries(VENDOR_CHUNKS).flatMap(([chunk, names]) => names.map((name) => [name, `vendor-${chunk}`] as const)),
);

function manualChunks(id: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(id);
  if (!match) return undefined;
  return chunkOfPackage.get(match[1]!) ?? chunkOfPackage.get(match[1]!.split('/')[0]!);
}

/**
 * Writes .gz and .br beside every JS/CSS/HTML/SVG file, which @fastify/static serves (preCompressed)
 * to clients that accept them.
 */
function precompress(): Plugin {
  return {
    name: 'keyward-precompress',
    apply: 'build',
    closeBundle() {
      const files = fs
        .readdirSync(outDir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(js|css|html|svg|json|map)$/.test(f));
      for (const file of files) {
        const data = fs.readFileSync(path.join(outDir, file));
        fs.writeFileSync(path.join(outDir, `${file}.gz`), zlib.gzipSync(data, { level: 9 }));
        fs.writeFileSync(
          path.join(outDir, `${file}.br`),
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/** Builds the console SPA into dist/console, served by Keyward at /console. */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    // the largest chunk is Monaco (GraphiQL's editor, ~2.8 MB minified), loaded only by the API explorer
    // and not splittable further; the up-front JavaScript is held to its goal by test/bench/console.bench.ts
    chunkSizeWarningLimit: 3000,
    // no inline script: the CSP allows only script-src 'self'
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      output: { manualChunks },
      onwarn(warning, warn) {
        // GraphiQL's React Compiler opt-outs ("use no memo") are meaningless in a bundle, and Rollup drops them
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  // GraphiQL's Monaco workers as ES modules, loaded from /console/assets like the rest
  worker: { format: 'es' },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/v1': 'http://127.0.0.1:4000' } },
});
