import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface ConsoleRoutesOptions {
  /** The built SPA (dist/console). */
  root: string;
}

/**
 * The admin console at /console: hashed assets cached for good, index.html for every client route.
 * Its CSP is CONSOLE_CSP, set with the other security headers (security-headers.ts).
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  app.get('/', (_request, reply) => reply.redirect('/console/'));
  app.get('/console', (_request, reply) => reply.redirect('/console/'));
  await app.register(async (scope) => {
    const built = fs.existsSync(path.join(options.root, 'index.html'));
    if (!built) {
      scope.get('/console/*', (_request, reply) => notBuilt(reply));
      return;
    }
    await scope.register(fastifyStatic, {
      root: options.root,
      prefix: '/console/',
      wildcard: false,
      index: false,
      cacheControl: false,
      // the build writes .br and .gz beside each asset (console/vite.config.ts): sent as-is to clients that accept them
      preCompressed: true,
      setHeaders: (reply, file) => {
        // Vite puts content-hashed files under assets/: they never change under their name
        reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    // client-side routes (/console/keys/…) get the app; a missing asset is a plain 404
    scope.get('/console/*', (request, reply) => {
      if (request.url.startsWith('/console/assets/')) return reply.code(404).type('text/plain').send('Not found');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  });
}

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/plain').send('The console is not built: run `npm run build`.');
}
