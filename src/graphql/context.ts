import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../core/principal';
import type { Loaders } from './loaders';
import type { Services } from '../services/services';

export interface GraphQLContext {
  /** Who calls, and in which request (principal.request: ip, user agent, request id). */
  principal: Principal;
  services: Services;
  loaders: Loaders;
  /** The request's logger (carries the request id). */
  log: FastifyBaseLogger;
}
