import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { declareRoutes, PUBLIC } from '../route-auth';

export interface ConsoleRoutesOptions {
  /** The built SPA (dist/console). */
  root: string;
}

/**
 * The admin console at /console: hashed assets cached for good, index.html for every client route.
 * Its CSP is CONSOLE_CSP, set with the other security headers (security-headers.ts). Its files are
 * public: the SPA signs in through GraphQL, whose fields carry their own requirements.
 */
export async function consoleRoutes(app: FastifyInstance, options: ConsoleRoutesOptions): Promise<void> {
  const config = { auth: PUBLIC };
  app.get('/', { config }, (_request, reply) => reply.redirect('/console/'));
  app.get('/console', { config }, (_request, reply) => reply.redirect('/console/'));
  await app.register(async (scope) => {
    const built = fs.existsSync(path.join(options.root, 'index.html'));
    if (!built) {
      scope.get('/console/*', { config }, (_request, reply) => notBuilt(reply));
      return;
    }
    // one route per built file (fastify-static adds them)
    await declareRoutes(scope, PUBLIC, () =>
      scope.register(fastifyStatic, {
        root: options.root,
        prefix: '/console/',
        wildcard: false,
        index: false,
        cacheControl: false,
        // the build writes .br and .gz beside each asset (console/vite.config.ts): sent as-is to clients that accept
        // them
        preCompressed: true,
        setHeaders: (reply, file) => {
          // Vite puts content-hashed files under assets/: they never change under their name
          reply.header(
            'cache-control',
            file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      }),
    );
    // client-side routes (/console/keys/…) get the app; a missing asset is a plain 404
    scope.get('/console/*', { config }, (request, reply) => {
      if (request.url.startsWith('/console/assets/')) return reply.code(404).type('text/plain').send('Not found');
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    });
  });
}

function notBuilt(reply: FastifyReply): FastifyReply {
  return reply.code(404).type('text/plain').send('The console is not built: run `npm run build`.');
}
