import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { PUBLIC } from '../route-auth';

const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** `/healthz`: the process is up. `/readyz`: the database answers and no migration is pending. */
export async function healthRoutes(app: FastifyInstance, { dataSource }: { dataSource: DataSource }): Promise<void> {
  const statusSchema = {
    type: 'object',
    properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'string' } } },
  };
  app.get(
    '/healthz',
    {
      config: { auth: PUBLIC },
      schema: { tags: ['health'], summary: 'Liveness: the process is up', response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { auth: PUBLIC },
      schema: {
        tags: ['health'],
        summary: 'Readiness: database reachable and migrated',
        response: { 200: statusSchema, 503: statusSchema },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, string> = {};
      try {
        await withTimeout(dataSource.query('SELECT 1'), READY_TIMEOUT_MS);
        checks.database = 'ok';
        checks.migrations = (await withTimeout(dataSource.showMigrations(), READY_TIMEOUT_MS)) ? 'pending' : 'ok';
      } catch (error) {
        checks.database = `unreachable: ${(error as Error).message}`.slice(0, 200);
      }
      const ready = checks.database === 'ok' && checks.migrations === 'ok';
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
    },
  );
}
