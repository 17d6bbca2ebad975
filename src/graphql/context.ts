import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '../auth/principal';
import type { Loaders } from '../loaders/loaders';
import type { RequestMeta } from '../request-meta';
import type { Services } from '../services/services';

export interface GraphQLContext {
  principal: Principal;
  services: Services;
  loaders: Loaders;
  meta: RequestMeta;
  /** The request's logger (carries the request id). */
  log: FastifyBaseLogger;
}
