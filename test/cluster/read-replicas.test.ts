import mysql from 'mysql2/promise';
import { CREATE_GRAPHQL, GET, LIST, REVOKE } from '../helpers/api-keys';
import { describeCluster } from '../helpers/cluster-suite';
import { createTenantUser, type TenantUser, insertKey } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { startReplicatedPair, type ReplicatedPair } from '../helpers/mariadb-replication';

jest.setTimeout(120_000);

const auth = (server: TestServer, secret: string) =>
  server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': secret } });

describeCluster(
  'DATABASE_REPLICA_URLS: a MariaDB read replica (asynchronous replication) beside the primary',
  () => {
    let pair: ReplicatedPair;
    let server: TestServer;
    let me: TenantUser;

    beforeAll(async () => {
      pair = await startReplicatedPair();
      const database = 'kw_replicated';
      await pair.query(pair.primary, `CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      const url = `${pair.primary.url}/${database}`;
      server = await startTestServer({
        db: {
          config: {
            type: 'mysql',
            url,
            host: '127.0.0.1',
            port: pair.primary.options.port,
            database,
            flavor: 'mariadb',
          },
          url,
          drop: async () => undefined,
        },
        keepDatabase: true,
        env: { DATABASE_REPLICA_URLS: `${pair.replica.url}/${database}` },
      });
      me = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      await pair.caughtUp();
    });

    afterAll(async () => {
      await server?.close();
      await pair?.close();
    });

    /** A key row that exists on the replica only: inserted, replicated, then deleted on the primary without binlog. */
    async function replicaOnlyKey(name: string) {
      const key = await insertKey(server, { tenantId: me.tenantId, name });
      await pair.caughtUp();
      const conn = await mysql.createConnection(`${pair.primary.url}/kw_replicated`);
      try {
        await conn.query('SET SESSION sql_log_bin = 0');
        await conn.query('DELETE FROM api_key WHERE id = ?', [key.id]);
      } finally {
        await conn.end();
      }
      return key;
    }

    it('lists and cache-miss key lookups read the replica; single reads and mutations read the primary', async () => {
      const ghost = await replicaOnlyKey('Replica only');
      expect(
        await pair.query(pair.primary, 'SELECT id FROM kw_replicated.api_key WHERE id = ?', [ghost.id]),
      ).toHaveLength(0);
      expect(
        await pair.query(pair.replica, 'SELECT id FROM kw_replicated.api_key WHERE id = ?', [ghost.id]),
      ).toHaveLength(1);

      const list = await server.gql(LIST, { first: 50 }, { token: me.token });
      expect(list.errors).toBeUndefined();
      expect(list.data!.apiKeys.edges.map((e: any) => e.node.id)).toContain(ghost.id); // only the replica has it
      expect(list.data!.apiKeys.totalCount).toBe(1);
      const single = await server.gql(GET, { id: ghost.id }, { token: me.token });
      expect(single.errors).toBeUndefined();
      expect(single.data!.apiKey).toBeNull(); // the primary does not have it
      expect((await auth(server, ghost.secret)).statusCode).toBe(200); // a cache miss, served by the replica
    });

    it("while the replica lags: a new key works at once and a mutation sees its own write (primary), lists show the replica's state", async () => {
      const shared = await insertKey(server, { tenantId: me.tenantId, name: 'Before the lag' });
      await pair.caughtUp();
      expect((await auth(server, shared.secret)).statusCode).toBe(200); // cached now
      await pair.stopReplication();
      try {
        // created on the primary only: the replica does not know the secret, the primary does
        const fresh = await insertKey(server, { tenantId: me.tenantId, name: 'During the lag' });
        expect((await auth(server, fresh.secret)).statusCode).toBe(200);
        const created = await server.gql(
          CREATE_GRAPHQL,
          { input: { name: 'Created during the lag' } },
          { token: me.token },
        );
        expect(created.errors).toBeUndefined();
        expect(created.data!.createGraphQLApiKey.apiKey).toMatchObject({
          name: 'Created during the lag',
          kind: 'GRAPHQL',
        });
        const list = await server.gql(LIST, { first: 50 }, { token: me.token });
        const names = list.data!.apiKeys.edges.map((e: any) => e.node.name);
        expect(names).toContain('Before the lag');
        expect(names).not.toContain('During the lag'); // the replica has not seen it yet

        // revoked on the primary; the replica still has the key active: the reload after the
        // invalidation reads the primary, so the revoked key is refused at once
        const revoked = await server.gql(REVOKE, { id: shared.id }, { token: me.token });
        expect(revoked.errors).toBeUndefined();
        expect(
          (await pair.query(pair.replica, 'SELECT revokedAt FROM kw_replicated.api_key WHERE id = ?', [shared.id]))[0]
            .revokedAt,
        ).toBeNull();
        expect((await auth(server, shared.secret)).statusCode).toBe(401);
      } finally {
        await pair.startReplication();
      }
      await pair.caughtUp();
      const list = await server.gql(LIST, { first: 50 }, { token: me.token });
      expect(list.data!.apiKeys.edges.map((e: any) => e.node.name)).toEqual(
        expect.arrayContaining(['During the lag', 'Created during the lag']),
      );
    });

    it('while no replica is reachable, lists and key lookups are answered by the primary', async () => {
      const key = await insertKey(server, { tenantId: me.tenantId, name: 'Replica down' });
      await pair.replica.stop('SIGKILL');
      for (let i = 0; i < 5; i++) {
        // several rounds: mysql2 first tries the dead replica, then leaves it out (both fall back)
        const list = await server.gql(LIST, { first: 50 }, { token: me.token });
        expect(list.errors).toBeUndefined();
        expect(list.data!.apiKeys.edges.map((e: any) => e.node.name)).toContain('Replica down');
      }
      expect((await auth(server, key.secret)).statusCode).toBe(200);
    });
  },
  { galera: false, redis: false },
);
