import type { FastifyInstance } from 'fastify';
import { rateLimitHeaders } from '../../auth/key-authentication';
import type { Metrics } from '../../observability/metrics';
import type { Services } from '../../services/services';
import { forwardAuthRoutes } from './forward-auth';
import { oauthRoutes } from './oauth';
import { verifyRoutes } from './verify';

/**
 * Authenticating with issued credentials (docs/design.md §6) on the root app: RateLimit headers on every
 * key-authenticated response (GraphQL included), the verifier's readiness and shutdown flush, and
 * the REST routes /v1/keys/verify, /v1/auth, /oauth/*, /.well-known/*.
 */
export async function registerKeyAuth(
  app: FastifyInstance,
  { services, metrics }: { services: Services; metrics: Metrics },
): Promise<void> {
  app.addHook('onSend', (request, reply, payload, done) => {
    const ratelimit = request.keyAuth?.ratelimit;
    if (ratelimit) for (const [name, value] of rateLimitHeaders(ratelimit)) reply.header(name, value);
    done(null, payload);
  });
  app.addHook('onReady', () => services.keyVerifier.ready());
  app.addHook('onClose', () => services.keyVerifier.close());
  await app.register(verifyRoutes, { services });
  await app.register(forwardAuthRoutes);
  await app.register(oauthRoutes, { services, metrics });
}
