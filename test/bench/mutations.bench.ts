/**
 * Mutations against the database's own speed: createGraphQLApiKey, updateApiKey,
 * revokeApiKey and publishEvent through GraphQL on a built server (`node dist/src/main.js`, MariaDB,
 * a session token, 16 clients, one tenant) against a raw mysql2 baseline writing the same rows in
 * the same run (16 clients on a pool of 10, one transaction per operation: the key row, its grant,
 * the audit event and the chain head; update and revoke read the key first). Paired rounds, median
 * ratio (goal ≥ 0.5), and the SQL statements each mutation runs beside the baseline's: one at a time
 * (counted in process by the tests' query counter, captureQueries; session reads included) and under the
 * 16 clients' load (MariaDB's Questions counter around Keyward's side of each round).
 *
 *   npm run build && npx tsx test/bench/mutations.bench.ts
 *   BENCH_MUTATIONS=update,revoke  BENCH_SECONDS=5 (per side and round)  BENCH_ROUNDS=3  BENCH_CLIENTS=16
 */
import { randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { createTenantUser, setApiKeyLimit } from '../helpers/fixtures';
import { startTestServer } from '../helpers/harness';
import { captureQueries } from '../helpers/query-counter';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { runAsScript, median, pairedRound, CLOCK_TICKS, cpuTicks, gqlData, signIn, startQuietServer } from './shared';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const GOAL = 0.5;
const EMAIL = 'mutations@example.test';
const PASSWORD = `bench-${randomBytes(8).toString('hex')}`;
const GRANTS = [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }];

const MUTATIONS = {
  create: {
    query: 'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { apiKey { id } } }',
    variables: () => ({ input: { name: 'bench key', grants: GRANTS } }),
  },
  update: {
    query: 'mutation($id: ID!, $d: String) { updateApiKey(id: $id, input: { description: $d }) { id } }',
    variables: (id: string) => ({ id, d: `d ${randomBytes(4).toString('hex')}` }),
  },
  revoke: {
    query: 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "bench") { id } }',
    variables: (id: string) => ({ id }),
  },
  publishEvent: {
    query: 'mutation($p: JSON!) { publishEvent(type: "order.created", payload: $p) { messageIds } }',
    variables: () => ({ p: { orderId: 'o-1', total: 42.5 } }),
  },
} as const;
type Mutation = keyof typeof MUTATIONS;

/** Statements per mutation, counted in an in-process server on its own database (the same GraphQL, a session token). */
async function statementsPerMutation(wanted: Mutation[]): Promise<Record<string, number>> {
  const server = await startTestServer({
    db: await createTestDatabase('mariadb'),
    env: { LOG_LEVEL: 'warn', KEYWARD_USAGE_ANALYTICS: 'false' },
  });
  try {
    const user = await createTenantUser(server, {
      grants: { API_KEY: 'OWNER', WEBHOOK: 'OWNER', ORDER_DATA: 'OWNER' },
    });
    await setApiKeyLimit(server, user.tenantId, 1_000_000);
    const counter = captureQueries(server);
    const run = async (mutation: Mutation, id = '') => {
      const res = await server.gql(MUTATIONS[mutation].query, MUTATIONS[mutation].variables(id), { token: user.token });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data as any;
    };
    const out: Record<string, number> = {};
    const N = 20;
    for (let round = 0; round < 2; round++) {
      const ids: string[] = [];
      for (const mutation of ['create', 'update', 'revoke', 'publishEvent'] as Mutation[]) {
        counter.reset();
        for (let i = 0; i < N; i++) {
          if (mutation === 'create') ids.push((await run('create')).createGraphQLApiKey.apiKey.id);
          else await run(mutation, ids[i]);
        }
        if (round === 1 && wanted.includes(mutation)) out[mutation] = counter.count / N; // round 0 warms the caches
      }
    }
    return out;
  } finally {
    await server.close();
  }
}

/** Rows of `table` copied from `template` with `overrides(i)`, a thousand per statement. */
async function copyRows(
  conn: mysql.Connection,
  table: string,
  template: Record<string, unknown>,
  count: number,
  overrides: (i: number) => Record<string, unknown>,
): Promise<void> {
  const columns = Object.keys(template);
  for (let offset = 0; offset < count; offset += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - offset) }, (_, j) => {
      const row = { ...template, ...overrides(offset + j) };
      return columns.map((c) => row[c]);
    });
    await conn.query(`INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES ?`, [rows]);
  }
}

/** The baseline: the same rows written with mysql2 prepared statements, one transaction per operation. */
class RawBaseline {
  private seq = 0;
  constructor(
    private readonly pool: mysql.Pool,
    private readonly tenantId: string,
    private readonly key: Record<string, unknown>,
    private readonly roleDefinitionId: string,
  ) {}

  /** Statements each operation sends (START TRANSACTION and COMMIT included). */
  static readonly STATEMENTS: Record<Mutation, number> = { create: 6, update: 6, revoke: 6, publishEvent: 4 };

  async run(mutation: Mutation, id: string): Promise<void> {
    const conn = await this.pool.getConnection();
    try {
      await conn.query('START TRANSACTION');
      const now = new Date();
      if (mutation === 'create') {
        const keyId = randomUUID();
        const row = {
          ...this.key,
          id: keyId,
          secretHash: randomBytes(32).toString('hex'),
          name: 'bench key',
          createdAt: now,
          updatedAt: now,
        };
        const columns = Object.keys(row);
        await conn.execute(
          `INSERT INTO \`api_key\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          columns.map((c) => (row as Record<string, unknown>)[c] ?? null) as mysql.ExecuteValues[],
        );
        await conn.execute(
          'INSERT INTO `role_grant` (`id`, `createdAt`, `updatedAt`, `tenantId`, `subjectType`, `subjectId`, `roleDefinitionId`, `level`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [randomUUID(), now, now, this.tenantId, 'API_KEY', keyId, this.roleDefinitionId, 'VIEWER'],
        );
      } else if (mutation === 'update' || mutation === 'revoke') {
        const [rows] = await conn.execute('SELECT * FROM `api_key` WHERE `tenantId` = ? AND `id` = ?', [
          this.tenantId,
          id,
        ]);
        if ((rows as unknown[]).length !== 1) throw new Error(`baseline key ${id} missing`);
        if (mutation === 'update')
          await conn.execute('UPDATE `api_key` SET `description` = ?, `updatedAt` = ? WHERE `id` = ?', [
            `d ${randomBytes(4).toString('hex')}`,
            now,
            id,
          ]);
        else
          await conn.execute(
            'UPDATE `api_key` SET `revokedAt` = ?, `active` = 0, `revokedReason` = ?, `updatedAt` = ? WHERE `id` = ?',
            [now, 'bench', now, id],
          );
      }
      // the tenant's chain head, then its event (a real hash costs microseconds; the statements are what is compared)
      await conn.execute(
        'UPDATE `audit_chain_head` SET `lastSeq` = `lastSeq` + 1, `lastHash` = ? WHERE `tenantId` = ?',
        [randomBytes(32).toString('hex'), this.tenantId],
      );
      await conn.execute(
        'INSERT INTO `audit_event` (`id`, `tenantId`, `seq`, `action`, `actorType`, `actorId`, `actorLabel`, `targetType`, `targetId`, `changes`, `ip`, `userAgent`, `requestId`, `createdAt`, `prevHash`, `hash`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          randomUUID(),
          this.tenantId,
          ++this.seq,
          `bench.${mutation}`,
          'SYSTEM',
          null,
          null,
          'ApiKey',
          id || null,
          '{"description":{"after":"x"}}',
          '127.0.0.1',
          'bench',
          randomUUID(),
          now,
          '0'.repeat(64),
          randomBytes(32).toString('hex'),
        ],
      );
      await conn.query('COMMIT');
    } catch (error) {
      await conn.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      conn.release();
    }
  }
}

/** Statements MariaDB has received from all clients (its `Questions` counter). */
async function questions(conn: mysql.Connection): Promise<number> {
  const [rows] = (await conn.query("SHOW GLOBAL STATUS LIKE 'Questions'")) as unknown as [[{ Value: string }]];
  return Number(rows[0].Value);
}

/** `clients` loops calling `op(i)` for `SECONDS`: operations per second. */
async function closedLoop(clients: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < end) {
        await op(next++);
        done++;
      }
    }),
  );
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** autocannon against the server for SECONDS, `clients` connections; every answer checked for GraphQL errors. */
function cannon(url: string, token: string, mutation: Mutation, ids: () => string): Promise<number> {
  let errors = 0;
  let first = '';
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/graphql`,
        connections: CLIENTS,
        duration: SECONDS,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                query: MUTATIONS[mutation].query,
                variables: MUTATIONS[mutation].variables(ids()),
              }),
            }),
            onResponse: (status, body) => {
              if (status !== 200 || body.includes('"errors":[')) {
                errors++;
                first ||= `${status} ${body.slice(0, 300)}`;
              }
            },
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        if (errors) return reject(new Error(`${mutation}: ${errors} failed answers, first: ${first}`));
        resolve(result.requests.total / SECONDS);
      },
    );
  });
}

export async function main(): Promise<boolean> {
  const wanted = (process.env.BENCH_MUTATIONS?.split(',').map((m) => m.trim()) ?? Object.keys(MUTATIONS)).filter(
    (m): m is Mutation => m in MUTATIONS,
  );
  const statements = await statementsPerMutation(wanted);
  let db: TestDatabase | undefined;
  let server: Awaited<ReturnType<typeof startQuietServer>> | undefined;
  let pool: mysql.Pool | undefined;
  let conn: mysql.Connection | undefined;
  let ok = true;
  try {
    db = await createTestDatabase('mariadb');
    server = await startQuietServer({
      DATABASE_URL: db.url,
      KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'),
      KEYWARD_BOOTSTRAP_EMAIL: EMAIL,
      KEYWARD_BOOTSTRAP_PASSWORD: PASSWORD,
    });
    const url = server.url;
    const token = await signIn(url, EMAIL, PASSWORD);
    const tenantId = (await gqlData(url, '{ tenant { id } }', {}, token)).tenant.id as string;
    const templateId = (await gqlData(url, MUTATIONS.create.query, MUTATIONS.create.variables(), token))
      .createGraphQLApiKey.apiKey.id as string;

    // keys to update and revoke, for Keyward's tenant and the baseline's (a copy of the tenant), inserted directly
    conn = await mysql.createConnection(db.url);
    // beyond what the API accepts (100,000): the benchmark creates more
    await conn.query('UPDATE `tenant` SET `apiKeyLimit` = 100000000 WHERE `id` = ?', [tenantId]);
    const [[key]] = (await conn.query('SELECT * FROM `api_key` WHERE `id` = ?', [templateId])) as unknown as [
      [Record<string, unknown>],
    ];
    const [[tenant]] = (await conn.query('SELECT * FROM `tenant` WHERE `id` = ?', [tenantId])) as unknown as [
      [Record<string, unknown>],
    ];
    const [[role]] = (await conn.query(
      "SELECT `id` FROM `role_definition` WHERE `tenantId` = ? AND `key` = 'ORDER_DATA'",
      [tenantId],
    )) as unknown as [[{ id: string }]];
    const baselineTenant = randomUUID();
    await copyRows(conn, 'tenant', tenant, 1, () => ({
      id: baselineTenant,
      slug: `baseline-${randomBytes(4).toString('hex')}`,
    }));
    await conn.query(
      'INSERT INTO `audit_chain_head` (`tenantId`, `lastSeq`, `lastHash`, `prunedThroughSeq`, `prunedHash`) VALUES (?, 0, ?, 0, NULL)',
      [baselineTenant, '0'.repeat(64)],
    );
    const perSide = Math.ceil((CLIENTS * 2000 * SECONDS * ROUNDS) / 16) + 5000;
    const keyIds = {
      keyward: Array.from({ length: perSide }, () => randomUUID()),
      baseline: Array.from({ length: perSide }, () => randomUUID()),
    };
    const fresh = (ids: string[], tenant: string) => (i: number) => ({
      id: ids[i],
      tenantId: tenant,
      secretHash: randomBytes(32).toString('hex'),
      prefix: 'kwk_bench',
      clientId: null,
    });
    // inserted once create is measured (so it starts from the same tenant whatever is measured)
    const copyKeys = async () => {
      await copyRows(conn!, 'api_key', key, perSide, fresh(keyIds.keyward, tenantId));
      // unrevoked GraphQL keys, counted as the service counts them (revoking each takes one off)
      await conn!.query(
        'UPDATE `tenant_key_count` SET `limitedKeyCount` = `limitedKeyCount` + ? WHERE `tenantId` = ?',
        [perSide, tenantId],
      );
      await copyRows(
        conn!,
        'api_key',
        { ...key, tenantId: baselineTenant },
        perSide,
        fresh(keyIds.baseline, baselineTenant),
      );
    };
    let copied = false;
    pool = mysql.createPool({ uri: db.url, connectionLimit: 10 });
    const baseline = new RawBaseline(pool, baselineTenant, { ...key, tenantId: baselineTenant }, role.id);
    const cursor = { keyward: 0, baseline: 0 };
    // update cycles over the first keys; revoke takes each key once, from the end
    const idFor = (side: 'keyward' | 'baseline', mutation: Mutation) => () => {
      const ids = keyIds[side];
      if (mutation === 'update') return ids[cursor[side]++ % 1000]!;
      if (mutation === 'revoke') return ids[ids.length - 1 - cursor[side]++]!;
      return '';
    };

    console.log(
      `\nMutations vs raw mysql2 (MariaDB, one tenant, ${CLIENTS} clients, ${SECONDS} s per side, ${ROUNDS} paired rounds, session token)`,
    );
    for (const mutation of wanted) {
      if ((mutation === 'update' || mutation === 'revoke') && !copied) {
        await copyKeys();
        copied = true;
      }
      cursor.keyward = 0;
      cursor.baseline = 0;
      const keywardId = idFor('keyward', mutation);
      const baselineId = idFor('baseline', mutation);
      // warm-up: the server's caches and JIT, the baseline's pool
      await cannon(url, token, mutation, keywardId);
      const ratios: number[] = [];
      const sides: Array<[number, number]> = [];
      const cpu: number[] = [];
      const underLoad: number[] = [];
      const pid = server.child.pid;
      const admin = conn;
      const keywardSide = async (): Promise<number> => {
        const ticks = cpuTicks(pid)!;
        const asked = await questions(admin);
        const ours = await cannon(url, token, mutation, keywardId);
        // statements under load: concurrent writers can miss the audit head's compare-and-set
        underLoad.push(((await questions(admin)) - asked - 1) / (ours * SECONDS));
        // the server's CPU per mutation (µs): at one core's worth it is the limit, not the database
        cpu.push((((cpuTicks(pid)! - ticks) / CLOCK_TICKS) * 1e6) / (ours * SECONDS));
        return ours;
      };
      const baselineSide = () => closedLoop(CLIENTS, () => baseline.run(mutation, baselineId()));
      for (let round = 0; round < ROUNDS; round++) {
        // alternating which side goes first: the database slows as both sides' rows accumulate
        // (dirty pages, redo checkpoints), so a fixed order would favour whichever side runs first
        const [ours, raw] = await pairedRound(round, keywardSide, baselineSide);
        ratios.push(ours / raw);
        sides.push([ours, raw]);
      }
      const ratio = median(ratios);
      ok &&= ratio >= GOAL;
      console.log(
        `  ${mutation.padEnd(13)} Keyward ${sides.map(([o]) => o.toFixed(0)).join('/')} per s, raw ${sides.map(([, r]) => r.toFixed(0)).join('/')} per s → ratio ${ratio.toFixed(2)} ` +
          `(rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}; goal ≥ ${GOAL}) ${ratio >= GOAL ? 'OK' : 'BELOW GOAL'}; ` +
          `statements ${statements[mutation]?.toFixed(1)}, ${median(underLoad).toFixed(1)} under load ` +
          `(baseline ${RawBaseline.STATEMENTS[mutation]}); ` +
          `server CPU ${median(cpu).toFixed(0)} µs per mutation`,
      );
    }
    return ok;
  } catch (error) {
    console.error('mutations bench failed:', error);
    if (server) console.error(server.output.slice(-30).join('\n'));
    return false;
  } finally {
    await conn?.end();
    await pool?.end();
    if (server) await server.stop('SIGTERM');
    await db?.drop().catch(() => undefined);
  }
}

runAsScript(module, main);
