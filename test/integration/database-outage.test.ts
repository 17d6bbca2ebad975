import fs from 'node:fs';
import type { InjectOptions } from 'fastify';
import os from 'node:os';
import path from 'node:path';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { isUnavailableError } from '../../src/core/errors';
import { storedEvents, VERIFY } from '../helpers/audit';
import { createTenantUser, insertKey, createWebhook } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { KeywardProcess, stderrBesidesBanner } from '../helpers/keyward-process';
import { describeWithProxiedDatabase } from '../helpers/tcp-proxy';
import { waitFor, webhookReceiverForSuite } from '../helpers/webhook-receiver';

/** Requests during an outage must fail fast: far below a client's usual 30 s timeout (generous for a loaded CI box). */
const FAIL_FAST_MS = 8000;
/** The server must recover by itself this fast once the database is back. */
const RECOVERY_MS = 5000;

const CREATE_GRAPHQL = `mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { id } } }`;
const CREATE_REST = `mutation($input: CreateRestCredentialInput!) { createRestCredential(input: $input) { clientId clientSecret apiKey { id } } }`;

describe('isUnavailableError: what the drivers throw when the database goes away', () => {
  it.each([
    [
      'mysql2: pooled connection dropped',
      Object.assign(new Error('Connection lost: The server closed the connection.'), {
        code: 'PROTOCOL_CONNECTION_LOST',
        fatal: true,
      }),
    ],
    ['mysql2: reset by peer', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104 })],
    ['mysql2: connect timeout', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
    ['mysql2: refused', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' })],
    [
      'mysql2: write after close',
      Object.assign(new Error("Can't add new command when connection is in closed state"), {}),
    ],
    ['mysql2: pool closed', new Error('Pool is closed.')],
    [
      'mysql2: enqueue after fatal error',
      Object.assign(new Error('Cannot enqueue Query after fatal error.'), {
        code: 'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
      }),
    ],
    [
      'MariaDB: server shutting down',
      Object.assign(new Error('Server shutdown in progress'), { code: 'ER_SERVER_SHUTDOWN' }),
    ],
    ['MariaDB: connection killed', Object.assign(new Error('Connection was killed'), { code: 'ER_CONNECTION_KILLED' })],
    [
      'AggregateError (ECONNREFUSED on ::1 and 127.0.0.1)',
      Object.assign(
        new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:3306'), { code: 'ECONNREFUSED' })], ''),
        { code: 'ECONNREFUSED' },
      ),
    ],
    [
      'TypeORM QueryFailedError wrapping a driver error',
      Object.assign(new Error('Connection lost'), {
        name: 'QueryFailedError',
        driverError: Object.assign(new Error('x'), { code: 'PROTOCOL_CONNECTION_LOST' }),
      }),
    ],
    [
      'an Error whose cause is a driver error',
      new Error('transaction failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) }),
    ],
  ])('%s → unavailable', (_name, error) => {
    expect(isUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a duplicate key', Object.assign(new Error("Duplicate entry 'x' for key 'y'"), { code: 'ER_DUP_ENTRY' })],
    ['a syntax error', Object.assign(new Error('You have an error in your SQL syntax'), { code: 'ER_PARSE_ERROR' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['undefined', undefined],
  ])('%s → not unavailable', (_name, error) => {
    expect(isUnavailableError(error)).toBe(false);
  });
});

describeWithProxiedDatabase(
  'database outage (MariaDB only: behind a TCP proxy that the test cuts; an embedded SQLite file cannot become unreachable)',
  ({ proxy, proxied }) => {
    const server = testServerForSuite(() => ({
      db: proxied,
      keepDatabase: true,
      env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' },
    }));
    const receiver = webhookReceiverForSuite();
    afterEach(() => proxy.restore());

    /** Runs `request`, asserting it answers within FAIL_FAST_MS. */
    async function fast<T>(request: () => Promise<T>): Promise<T> {
      const started = Date.now();
      const result = await request();
      expect(Date.now() - started).toBeLessThan(FAIL_FAST_MS);
      return result;
    }

    const inject = (opts: InjectOptions) => server.kw.app.inject(opts);

    it('requests fail fast with SERVICE_UNAVAILABLE / 503 problem+json, a cached valid key keeps working, and the server recovers by itself', async () => {
      const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER' } });
      const cached = await insertKey(server, {
        tenantId: owner.tenantId,
        grants: { ORDER_DATA: 'VIEWER', API_KEY: 'VIEWER' },
      });
      const uncached = await insertKey(server, { tenantId: owner.tenantId, grants: { ORDER_DATA: 'VIEWER' } });
      const rest = await insertKey(server, {
        tenantId: owner.tenantId,
        kind: 'REST',
        grants: { ORDER_DATA: 'VIEWER' },
      });
      // the cached key is verified once while the database is up
      expect(
        (await inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': cached.secret } })).statusCode,
      ).toBe(200);
      const usedBefore = (await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: cached.id }))
        .lastUsedAt;
      await server.kw.services.keyVerifier.flush();

      proxy.cut();

      // GraphQL: a query and a mutation with a session (the session needs the database)
      const me = await fast(() => server.gql('{ me { type } }', {}, { token: owner.token }));
      expect(me.status).toBe(503);
      expect(me.errors).toEqual([
        expect.objectContaining({
          message: 'A dependency is unavailable; retry later',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        }),
      ]);
      const create = await fast(() =>
        server.gql(
          CREATE_GRAPHQL,
          { input: { name: 'during outage', active: true, grants: [] } },
          { token: owner.token },
        ),
      );
      expect(create.status).toBe(503);
      expect(create.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
      // GraphQL with the cached key: authentication needs no database, the resolver does
      const keyed = await fast(() =>
        server.gql('{ apiKeys(first: 1) { totalCount } }', {}, { headers: { 'x-api-key': cached.secret } }),
      );
      expect(keyed.status).toBe(503);
      expect(keyed.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');

      // REST: problem+json 503 wherever a lookup is needed
      const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({
          status: 503,
          code: 'SERVICE_UNAVAILABLE',
          title: 'Service Unavailable',
          detail: 'A dependency is unavailable; retry later',
        });
      };
      problem(await fast(() => inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': uncached.secret } })));
      problem(
        await fast(() =>
          inject({
            method: 'POST',
            url: '/v1/keys/verify',
            headers: { 'x-api-key': cached.secret, 'content-type': 'application/json' },
            payload: { key: uncached.secret },
          }),
        ),
      );
      problem(
        await fast(() =>
          inject({
            method: 'POST',
            url: '/oauth/token',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${rest.secret}`,
          }),
        ),
      );
      problem(
        await fast(() =>
          inject({
            method: 'POST',
            url: '/v1/keys/verify',
            headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
            payload: { key: cached.secret },
          }),
        ),
      );
      expect((await fast(() => inject({ method: 'GET', url: '/readyz' }))).statusCode).toBe(503);

      // A cached, valid key keeps working during a short outage (a feature: the gateway stays up).
      // Its cache entry lives keyCacheTtlMs; verify it repeatedly, as a gateway would.
      const gateway = await fast(() =>
        inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': cached.secret } }),
      );
      expect(gateway.statusCode).toBe(200);
      expect(gateway.headers['x-keyward-key']).toBe(cached.id);
      const verified = await fast(() =>
        inject({
          method: 'POST',
          url: '/v1/keys/verify',
          headers: { 'x-api-key': cached.secret, 'content-type': 'application/json' },
          payload: { key: cached.secret },
        }),
      );
      expect(verified.statusCode).toBe(200);
      expect(verified.json()).toMatchObject({ valid: true, code: 'VALID', keyId: cached.id });
      // the write-behind of lastUsedAt fails now and keeps the pending use
      await server.kw.services.keyVerifier.flush();

      proxy.restore();
      const restoredAt = Date.now();
      await waitFor(
        async () => (await inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
        '/readyz 200 after the database returned',
        RECOVERY_MS,
      );
      const again = await waitFor(
        async () => {
          const res = await server.gql('{ me { type } }', {}, { token: owner.token });
          return res.data?.me ? res : undefined;
        },
        'GraphQL answering after the database returned',
        RECOVERY_MS,
      );
      expect(again.data).toEqual({ me: { type: 'USER' } });
      expect(Date.now() - restoredAt).toBeLessThan(RECOVERY_MS);
      expect(
        (await inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': uncached.secret } })).statusCode,
      ).toBe(200);
      const token = await inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${rest.secret}`,
      });
      expect(token.statusCode).toBe(200);

      // the use recorded during the outage reached the database once it returned
      await server.kw.services.keyVerifier.flush();
      const usedAfter = (await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: cached.id }))
        .lastUsedAt;
      expect(usedAfter).not.toBeNull();
      expect(usedAfter!.getTime()).toBeGreaterThan(usedBefore?.getTime() ?? 0);

      // one warning per outage from the write-behind, not one per flush
      const flushWarnings = server.logs.lines.filter((l) => l.includes('could not write key usage'));
      expect(flushWarnings.length).toBeLessThanOrEqual(1);
      // nothing logged as an internal error: the outage is a dependency failure
      expect(
        server.logs.lines.filter((l) => l.includes('"unexpected error"') || l.includes('INTERNAL_SERVER_ERROR')),
      ).toEqual([]);
    });

    it('a database that stops answering (connections hang, no reset) still fails requests in bounded time: the connect timeout', async () => {
      const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      proxy.cutSilently();
      const [me, ready] = await Promise.all([
        fast(() => server.gql('{ me { type } }', {}, { token: owner.token })),
        fast(() => inject({ method: 'GET', url: '/readyz' })),
      ]);
      expect(me.status).toBe(503);
      expect(me.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(ready.statusCode).toBe(503);
      proxy.restore();
      await waitFor(
        async () => (await server.gql('{ me { type } }', {}, { token: owner.token })).data?.me,
        'GraphQL answering after the database answers again',
        RECOVERY_MS,
      );
    });

    it('no webhook event and no audit event of a committed change is lost when the database drops during delivery', async () => {
      const owner = await createTenantUser(server, {
        grants: { API_KEY: 'OWNER', WEBHOOK: 'OWNER', AUDIT_LOG: 'OWNER' },
      });
      const { id: webhookId } = await createWebhook(server, owner.token, {
        url: receiver.url,
        events: ['api_key.created'],
      });
      // the endpoint is slow: the cut lands while deliveries are in flight
      let cutDone = false;
      receiver.respond = async () => {
        await new Promise((r) => setTimeout(r, 150));
        return { status: 200, body: 'ok' };
      };
      const dispatcher = server.kw.services.webhookDispatcher;
      dispatcher.start();
      try {
        const created: string[] = [];
        const createOne = async (i: number) => {
          const res = await server.gql(
            i % 2 ? CREATE_GRAPHQL : CREATE_REST,
            { input: { name: `key ${i}`, active: true, grants: [] } },
            { token: owner.token },
          );
          const data = res.data?.createGraphQLApiKey ?? res.data?.createRestCredential;
          if (data) created.push(data.apiKey.id);
          return res;
        };
        // (a tenant holds at most 10 keys)
        for (let i = 0; i < 6; i++) expect((await createOne(i)).errors).toBeUndefined();
        // cut while a delivery is in flight (the receiver got it, the dispatcher has not recorded it)
        await waitFor(() => receiver.inFlight > 0, 'a delivery in flight');
        proxy.cut();
        cutDone = true;
        // changes attempted during the outage fail and leave nothing behind
        for (let i = 6; i < 9; i++) {
          const res = await fast(() => createOne(i));
          expect(res.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
        }
        // the dispatcher polls (and fails) for a while without crashing or spinning
        await new Promise((r) => setTimeout(r, 1500));
        proxy.restore();
        // more changes after recovery
        let lastError = '';
        for (let i = 9; i < 12; i++) {
          const res = await waitFor(
            async () => {
              const r = await createOne(i);
              if (r.errors) lastError = JSON.stringify(r.errors);
              return r.errors ? undefined : r;
            },
            'a mutation succeeding after the database returned',
            RECOVERY_MS,
          ).catch((e: Error) => {
            throw new Error(`${e.message}; last answer: ${lastError}`);
          });
          expect(res.errors).toBeUndefined();
        }
        expect(cutDone).toBe(true);
        expect(created).toHaveLength(9);

        // every committed change is delivered (at least once) and recorded as delivered
        const messages = () => server.kw.dataSource.getRepository(WebhookMessage).find({ where: { webhookId } });
        await waitFor(
          async () => {
            const rows = await messages();
            return rows.length === 9 && rows.every((m) => m.status === 'DELIVERED');
          },
          'all 9 outbox messages delivered',
          20_000,
        );
        const deliveredKeyIds = new Set(
          receiver.requests.filter((r) => r.json.type === 'api_key.created').map((r) => r.json.data.id),
        );
        expect([...deliveredKeyIds].sort()).toEqual([...created].sort());
        // the delivery in flight at the cut was recorded once the database returned, not sent twice
        expect(receiver.ofType('api_key.created')).toHaveLength(9);

        // every committed change is in the audit log, and the chain verifies
        const audit = (await storedEvents(server, owner.tenantId)).filter((e) => e.action === 'api_key.created');
        expect(audit.map((e) => e.targetId).sort()).toEqual([...created].sort());
        const chain = await server.gql(VERIFY, {}, { token: owner.token });
        expect(chain.errors).toBeUndefined();
        expect(chain.data!.verifyAuditChain).toMatchObject({ ok: true, firstBrokenEventId: null, problem: null });

        // a second outage while the dispatcher is idle, polling: it logs once, backs off (no spinning), keeps running
        const logMark = server.logs.lines.length;
        proxy.cut();
        await new Promise((r) => setTimeout(r, 2000));
        proxy.restore();
        const resumed = await waitFor(
          () => server.logs.lines.slice(logMark).find((l) => l.includes('webhook dispatcher resumed')),
          'the dispatcher resuming',
          RECOVERY_MS,
        );
        const outageLines = server.logs.lines
          .slice(logMark)
          .filter((l) => /webhook dispatcher round failed|database unreachable: webhook/.test(l));
        expect(outageLines).toHaveLength(1);
        expect(outageLines[0]).toContain('webhook dispatcher backing off');
        // polling every 250 ms would fail ~8 rounds in 2 s; backing off (250 ms doubling) fails at most 5
        expect((JSON.parse(resumed) as { failedRounds: number }).failedRounds).toBeLessThanOrEqual(5);
        expect(dispatcher.isRunning).toBe(true);
        const late = await createOne(12);
        expect(late.errors).toBeUndefined();
        await waitFor(
          () => receiver.ofType('api_key.created').length === 10,
          'the change made after the second outage delivered',
          RECOVERY_MS,
        );
      } finally {
        await dispatcher.stop();
        receiver.respond = () => ({ status: 200, body: 'ok' });
      }
    });

    it('a real server process survives an outage under load without exiting (no unhandled rejection) and serves again afterwards', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-outage-proc-'));
      const proc = new KeywardProcess('src/main.ts', [], {
        env: {
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: proxied.url,
          KEYWARD_MASTER_KEY: server.masterKey,
          KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
          LOG_LEVEL: 'info',
        },
        cwd,
      });
      try {
        const listening = await proc.waitForLog(/^Keyward listening/);
        const base = `http://127.0.0.1:${listening.port}`;
        const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
        const key = await insertKey(server, { tenantId: owner.tenantId, grants: { API_KEY: 'VIEWER' } });
        const other = await insertKey(server, { tenantId: owner.tenantId, grants: {} });
        expect((await fetch(`${base}/v1/auth`, { headers: { 'x-api-key': key.secret } })).status).toBe(200);

        proxy.cut();
        const statuses = new Set<number>();
        const load = async () => {
          for (let i = 0; i < 15; i++) {
            const results = await Promise.all([
              fetch(`${base}/v1/auth`, { headers: { 'x-api-key': other.secret } }),
              fetch(`${base}/graphql`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-api-key': key.secret },
                body: JSON.stringify({ query: '{ apiKeys(first: 1) { totalCount } }' }),
              }),
              fetch(`${base}/readyz`),
            ]);
            for (const r of results) statuses.add(r.status);
            await Promise.all(results.map((r) => r.text()));
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        await load();
        expect([...statuses].sort()).toEqual([503]);

        proxy.restore();
        await waitFor(
          async () => (await fetch(`${base}/readyz`)).status === 200,
          'the process ready again',
          RECOVERY_MS,
        );
        expect((await fetch(`${base}/v1/auth`, { headers: { 'x-api-key': other.secret } })).status).toBe(200);
        expect(proc.logs.filter((l) => /unhandled|uncaught/i.test(String(l.msg)))).toEqual([]);
        expect(stderrBesidesBanner(proc.stderr)).toEqual([]);
        expect((await proc.stop('SIGTERM')).code).toBe(0);
      } finally {
        proxy.restore();
        await proc.stop('SIGKILL');
        fs.rmSync(cwd, { recursive: true, force: true });
      }
    });
  },
);
