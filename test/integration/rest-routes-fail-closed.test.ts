import type { FastifyInstance } from 'fastify';
import { startTestServer } from '../helpers/harness';
import { createTestDatabase } from '../helpers/test-database';

// The health routes as they would be written without stating who may call them.
jest.mock('../../src/http/rest/health', () => ({
  healthRoutes: async (app: FastifyInstance) => {
    app.get('/healthz', async () => ({ status: 'ok' }));
  },
}));

describe('REST routes fail closed', () => {
  it('the server refuses to start when one of its routes declares no config.auth, and names it', async () => {
    const db = await createTestDatabase();
    try {
      await expect(startTestServer({ db })).rejects.toThrow(
        /^Refusing to start: these REST routes declare no config\.auth .*: GET \/healthz, HEAD \/healthz$/,
      );
    } finally {
      await db.drop();
    }
  });
});
