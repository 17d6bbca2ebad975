/**
 * apiKeys(first: 100) on a tenant of 100,000 keys: the first page vs the page after the 90,000th
 * key (keyset pagination: the deep page should cost about the same; goal ≤ 1.5×).
 *
 *   npx tsx test/bench/api-keys-pagination.bench.ts            # sqlite and mariadb (when reachable)
 *   KEYWARD_BENCH_DB=sqlite npx tsx test/bench/api-keys-pagination.bench.ts
 *
 * Not part of jest: speed is reported as a ratio measured in one run, never asserted in tests.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hashSecret } from '../../src/credentials/tokens';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { createTenantUser } from '../helpers/fixtures';
import type { TestServer } from '../helpers/harness';
import type { TestDialect } from '../helpers/test-database';
import { eachBenchDialectServer, insertRows } from './bench-dialects';
import { runAsScript, median } from './shared';

const TOTAL = Number(process.env.KEYWARD_BENCH_KEYS ?? 100_000);
const DEEP = Math.floor(TOTAL * 0.9);
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 60);
const QUERY = `query($after: String, $orderBy: ApiKeyOrder) { apiKeys(first: 100, after: $after, orderBy: $orderBy) {
  pageInfo { hasNextPage endCursor } edges { cursor node { id name kind active status expirationState prefix last4 createdAt } } } }`;

const encode = (values: unknown[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

/** The orders measured: the default one and NAME (each read through its own index). */
const ORDERS = [
  {
    label: 'CREATED_AT DESC',
    orderBy: null,
    order: { createdAt: 'DESC', id: 'DESC' } as const,
    cursor: (k: ApiKey) => encode([k.createdAt.toISOString(), k.id]),
  },
  {
    label: 'NAME ASC',
    orderBy: { field: 'NAME', direction: 'ASC' },
    order: { name: 'ASC', id: 'ASC' } as const,
    cursor: (k: ApiKey) => encode([k.name, k.id]),
  },
];

async function run(server: TestServer, dialect: TestDialect): Promise<boolean> {
  let met = true;
  const me = await createTenantUser(server, { grants: { API_KEY: 'VIEWER' } });
  const ds = server.kw.dataSource;
  const columns = [
    'id',
    'createdAt',
    'updatedAt',
    'tenantId',
    'kind',
    'name',
    'active',
    'secretHash',
    'prefix',
    'last4',
    'ipAllowlist',
    'previousSecretUseCount',
    'ownerId',
  ];
  const base = Date.now() - TOTAL * 1000;
  const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const started = performance.now();
  await ds.transaction((em) =>
    insertRows(em, dialect, 'api_key', columns, TOTAL, (i) => {
      const secret = `kwk_${randomBytes(18).toString('base64url')}`;
      const kind = ['GRAPHQL', 'REST', 'PERSONAL'][i % 3];
      // a few equal createdAt values on purpose: ties are broken by id
      const created = stamp(base + Math.floor(i / 2) * 1000);
      return [
        randomUUID(),
        created,
        created,
        me.tenantId,
        kind,
        `Key ${String(i).padStart(6, '0')}`,
        i % 4 ? 1 : 0,
        hashSecret(secret),
        secret.slice(0, 12),
        secret.slice(-4),
        '[]',
        0,
        me.userId,
      ];
    }),
  );
  console.log(
    `[${dialect}] inserted ${TOTAL.toLocaleString('en-US')} keys in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (dialect === 'sqlite') await ds.query('ANALYZE');
  else await ds.query('ANALYZE TABLE `api_key`');

  for (const { label, orderBy, order, cursor } of ORDERS) {
    // the 90,000th key in this order
    const [deepKey] = await ds
      .getRepository(ApiKey)
      .find({ where: { tenantId: me.tenantId }, order, skip: DEEP - 1, take: 1 });
    const [nextKey] = await ds
      .getRepository(ApiKey)
      .find({ where: { tenantId: me.tenantId }, order, skip: DEEP, take: 1 });
    const deepCursor = cursor(deepKey!);
    const page = async (after: string | null) => {
      const t0 = performance.now();
      const res = await server.gql(QUERY, { after, orderBy }, { token: me.token });
      const elapsed = performance.now() - t0;
      if (res.errors || res.data!.apiKeys.edges.length !== 100)
        throw new Error(`unexpected answer: ${JSON.stringify(res.errors)}`);
      return { elapsed, firstId: res.data!.apiKeys.edges[0].node.id as string };
    };
    const check = await page(deepCursor);
    if (check.firstId !== nextKey!.id) throw new Error(`${label}: the deep page does not start after the 90,000th key`);
    for (let i = 0; i < 15; i++) {
      await page(null);
      await page(deepCursor);
    }
    const first: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      first.push((await page(null)).elapsed);
      deep.push((await page(deepCursor)).elapsed);
    }
    const ratio = median(deep) / median(first);
    met &&= ratio <= 1.5;
    console.log(
      `[${dialect}] apiKeys(first: 100, ${label}) on ${TOTAL.toLocaleString('en-US')} keys — first page median ${median(first).toFixed(2)} ms, ` +
        `after key #${DEEP.toLocaleString('en-US')} median ${median(deep).toFixed(2)} ms → ratio ${ratio.toFixed(2)}× (goal ≤ 1.5×) ${ratio <= 1.5 ? 'OK' : 'ABOVE GOAL'}`,
    );
  }
  return met;
}

export function main(): Promise<boolean> {
  return eachBenchDialectServer(run);
}

runAsScript(module, main);
