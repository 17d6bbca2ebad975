import http from 'node:http';
import type { FastifyServerFactory, FastifyServerOptions } from 'fastify';
import type { FastPath } from './fast-forward-auth';

/** Where the app puts its fast path once it is built (the server is made before the routes). */
export interface FastPathSlot {
  handler?: FastPath;
}

/**
 * Fastify's `serverFactory`: the HTTP server Fastify would make itself (same timeouts), whose requests
 * go to the slot's fast path first and to Fastify when it leaves them (docs/design.md §6). Requests
 * made with `app.inject` never reach it: they go to Fastify.
 */
export function leanServerFactory(slot: FastPathSlot): FastifyServerFactory {
  return (fastifyHandler, options: FastifyServerOptions) => {
    const server = http.createServer((req, res) => {
      if (slot.handler?.(req, res) !== true) fastifyHandler(req, res);
    });
    // Fastify has filled in its defaults (e.g. keep-alive 72 s) by now
    server.keepAliveTimeout = options.keepAliveTimeout!;
    server.requestTimeout = options.requestTimeout!;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
