import { createDataSource, resolveDatabase } from '../../src/db/database';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { captureQueries } from '../helpers/query-counter';

describe('lastUsedAt / lastUsedIp are written behind in batches', () => {
  const server = testServerForSuite({ keepDatabase: true });

  const readKey = (id: string) => server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id });

  it('1,000 requests cause a handful of UPDATEs and no per-request reads; the value is right after the flush', async () => {
    const { tenantId } = await createTenantUser(server);
    const key = await insertKey(server, { tenantId, rateLimitPerMinute: 5000 });
    const capture = captureQueries(server);
    const started = new Date();
    let statuses: number[] = [];
    try {
      for (let batch = 0; batch < 20; batch++) {
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            server.kw.app.inject({
              method: 'GET',
              url: '/v1/auth',
              headers: { 'x-api-key': key.secret },
              remoteAddress: '192.0.2.44',
            }),
          ),
        );
        statuses = statuses.concat(results.map((r) => r.statusCode));
      }
      await server.kw.services.keyVerifier.flush();
    } finally {
      capture.stop();
    }
    const finished = new Date();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1000);
    const updates = capture.queries.filter((q) => /^\s*UPDATE\b/i.test(q) && /api_key/.test(q));
    const reads = capture.queries.filter((q) => /^\s*SELECT\b/i.test(q) && /api_key/.test(q));
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThanOrEqual(10);
    expect(reads.length).toBeLessThanOrEqual(10); // the verified-key cache: one lookup per TTL, not per request
    const row = await readKey(key.id);
    expect(row.lastUsedIp).toBe('192.0.2.44');
    expect(row.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(started.getTime() - 5);
    expect(row.lastUsedAt!.getTime()).toBeLessThanOrEqual(finished.getTime() + 5);
    // lastUsedAt is usage, not an edit: updatedAt stays
    expect(row.updatedAt.getTime()).toBeLessThan(started.getTime());
  });

  it('pending usage is written on shutdown', async () => {
    const { tenantId } = await createTenantUser(server);
    const key = await insertKey(server, { tenantId });
    const before = Date.now();
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/v1/auth',
      headers: { 'x-api-key': key.secret },
      remoteAddress: '198.51.100.77',
    });
    expect(res.statusCode).toBe(200);
    await server.close();
    const dataSource = createDataSource(await resolveDatabase(server.db.config));
    await dataSource.initialize();
    try {
      const row = await dataSource.getRepository(ApiKey).findOneByOrFail({ id: key.id });
      expect(row.lastUsedIp).toBe('198.51.100.77');
      expect(row.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    } finally {
      await dataSource.destroy();
    }
  });
});
