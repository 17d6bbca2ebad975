import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource, resolveDatabase } from '../../src/db/database';
import { KeyUsageBucket } from '../../src/db/entities/key-usage-bucket.entity';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { startTestServer, twoInstancesForSuite, type TestServer } from '../helpers/harness';
import { captureQueries } from '../helpers/query-counter';
import { startServerProcess } from '../helpers/keyward-process';

const TENANT_USAGE = `query($from: DateTime!, $to: DateTime!) { tenant { usage(from: $from, to: $to, granularity: MINUTE) { valid rateLimited denied total } } }`;

async function countsOf(server: TestServer, keyIds: string[]): Promise<Record<string, number>> {
  const rows = await server.kw.dataSource
    .getRepository(KeyUsageBucket)
    .find({ where: keyIds.map((apiKeyId) => ({ apiKeyId, granularity: 'MINUTE' as const })) });
  const counts: Record<string, number> = { VALID: 0, RATE_LIMITED: 0, DENIED: 0 };
  for (const row of rows) counts[row.outcome] = (counts[row.outcome] ?? 0) + Number(row.count);
  return counts;
}

describe('usage counts across instances', () => {
  const { a, b } = twoInstancesForSuite();

  it('10,000 requests over two instances give exact counts per outcome after the flush, written as a bounded number of rows', async () => {
    const user = await createTenantUser(a, { grants: { API_KEY: 'VIEWER' } });
    const open = await insertKey(a, { tenantId: user.tenantId, rateLimitPerMinute: 1_000_000 });
    // without Redis each instance keeps its own limit: 300 per minute each, so some requests are refused
    const limited = await insertKey(a, { tenantId: user.tenantId, rateLimitPerMinute: 300 });
    const revoked = await insertKey(a, { tenantId: user.tenantId, revokedAt: new Date() });
    const keys = [open, limited, revoked];
    const statuses: Record<number, number> = {};
    const captures = [captureQueries(a), captureQueries(b)];
    const started = Date.now();
    for (let batch = 0; batch < 100; batch++) {
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          const server = i % 2 === 0 ? a : b;
          const key = keys[(batch + i) % 3]!;
          return server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': key.secret } });
        }),
      );
      for (const r of results) statuses[r.statusCode] = (statuses[r.statusCode] ?? 0) + 1;
    }
    // one after the other, twice: on SQLite two processes' writes can meet a lock, and a failed flush keeps its counts
    // for the next
    for (let round = 0; round < 2; round++)
      for (const server of [a, b]) await server.kw.services.usage.recorder!.flush();
    const seconds = (Date.now() - started) / 1000;
    for (const capture of captures) capture.stop();
    expect((statuses[200] ?? 0) + (statuses[429] ?? 0) + (statuses[401] ?? 0)).toBe(10_000);
    expect(statuses[429]).toBeGreaterThan(0);
    const counts = await countsOf(
      a,
      keys.map((k) => k.id),
    );
    expect(counts).toEqual({ VALID: statuses[200], RATE_LIMITED: statuses[429], DENIED: statuses[401] });

    // the same through GraphQL
    const res = await a.gql(
      TENANT_USAGE,
      { from: new Date(started - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() },
      { token: user.token },
    );
    const total = (field: string) =>
      res.data!.tenant.usage.reduce((n: number, p: Record<string, number>) => n + p[field]!, 0);
    expect([total('valid'), total('rateLimited'), total('denied')]).toEqual([
      statuses[200],
      statuses[429],
      statuses[401],
    ]);

    // never a write per request: rows per flush are bounded by keys × minutes × outcomes (3 × 2 × 3 at most; 1 flush a
    // second)
    const inserts = captures.flatMap((c) => c.queries.filter((q) => /INSERT INTO key_usage/i.test(q)));
    expect(inserts.length).toBeLessThanOrEqual(2 * (Math.ceil(seconds) + 2));
    const written = async (server: TestServer) =>
      (await server.kw.app.metrics.usageRowsWritten.get()).values[0]?.value ?? 0;
    const rowsWritten = (await written(a)) + (await written(b));
    expect(rowsWritten).toBeGreaterThanOrEqual(3);
    expect(rowsWritten).toBeLessThanOrEqual(2 * (Math.ceil(seconds) + 2) * 18);
  });
});

describe('usage counts on SIGTERM', () => {
  it('a real process writes the uses it counted when it is told to stop', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-usage-'));
    const setup = await startTestServer({ keepDatabase: true });
    const user = await createTenantUser(setup, {});
    const key = await insertKey(setup, { tenantId: user.tenantId, rateLimitPerMinute: 100_000 });
    const env = { DATABASE_URL: setup.db.url, KEYWARD_MASTER_KEY: setup.masterKey };
    await setup.close();
    const { proc, port } = await startServerProcess(env, cwd);
    let dataSource: ReturnType<typeof createDataSource> | undefined;
    try {
      const n = 50;
      const responses = await Promise.all(
        Array.from({ length: n }, () =>
          fetch(`http://127.0.0.1:${port}/v1/auth`, { headers: { 'x-api-key': key.secret } }),
        ),
      );
      expect(responses.every((r) => r.status === 200)).toBe(true);
      proc.child.kill('SIGTERM');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      dataSource = createDataSource(await resolveDatabase(setup.db.config));
      await dataSource.initialize();
      const rows = await dataSource.getRepository(KeyUsageBucket).findBy({ apiKeyId: key.id, granularity: 'MINUTE' });
      expect(rows.reduce((sum, row) => sum + (row.outcome === 'VALID' ? Number(row.count) : 0), 0)).toBe(n);
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
      if (dataSource?.isInitialized) await dataSource.destroy();
      await setup.db.drop();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
