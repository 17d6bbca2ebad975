/**
 * Cost that must not grow with other principals' data: a session's `{ me }` and the first
 * page of `apiKeys`, before and after 100,000 more `role_grant` rows (other keys' grants: half in
 * this tenant, half in another). The same server, the same user, measured in one run; goal: the
 * median after ≤ 1.2 × the median before.
 *
 *   npx tsx test/bench/grant-growth.bench.ts                    # sqlite and mariadb (when reachable)
 *   KEYWARD_BENCH_DB=mariadb npx tsx test/bench/grant-growth.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { createTenantUser } from '../helpers/fixtures';
import type { TestServer } from '../helpers/harness';
import type { TestDialect } from '../helpers/test-database';
import { eachBenchDialectServer, insertRows } from './bench-dialects';
import { runAsScript, median } from './shared';

const GRANTS = Number(process.env.KEYWARD_BENCH_GRANTS ?? 100_000);
const ROUNDS = Number(process.env.KEYWARD_BENCH_ROUNDS ?? 200);
const GOAL = 1.2;
const QUERIES = {
  '{ me }': '{ me { type user { id email } grants { roleKey level } } }',
  'apiKeys(first: 50)': '{ apiKeys(first: 50) { edges { node { id name status grants { roleKey level } } } } }',
};

async function timeQueries(server: TestServer, token: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [label, query] of Object.entries(QUERIES)) {
    const times: number[] = [];
    for (let i = 0; i < ROUNDS + 200; i++) {
      const t0 = performance.now();
      const res = await server.gql(query, {}, { token });
      if (res.errors) throw new Error(`${label}: ${JSON.stringify(res.errors)}`);
      if (i >= 200) times.push(performance.now() - t0); // the first 200 warm up
    }
    out[label] = median(times);
  }
  return out;
}

/** `count` grants of made-up API keys, spread over the tenant's role definitions. */
async function insertGrants(server: TestServer, dialect: TestDialect, tenantId: string, count: number): Promise<void> {
  const roles = await server.kw.dataSource.getRepository(RoleDefinition).find({ where: { tenantId } });
  const columns = ['id', 'createdAt', 'updatedAt', 'tenantId', 'subjectType', 'subjectId', 'roleDefinitionId', 'level'];
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  await server.kw.dataSource.transaction((em) =>
    insertRows(em, dialect, 'role_grant', columns, count, (i) => [
      randomUUID(),
      now,
      now,
      tenantId,
      'API_KEY',
      randomUUID(),
      roles[i % roles.length]!.id,
      'VIEWER',
    ]),
  );
}

async function run(server: TestServer, dialect: TestDialect): Promise<boolean> {
  const me = await createTenantUser(server, { grants: { API_KEY: 'VIEWER', USER: 'VIEWER', ORDER_DATA: 'EDITOR' } });
  const other = await createTenantUser(server);
  const before = await timeQueries(server, me.token);
  const started = performance.now();
  await insertGrants(server, dialect, me.tenantId, GRANTS / 2);
  await insertGrants(server, dialect, other.tenantId, GRANTS / 2);
  await server.kw.dataSource.query(dialect === 'sqlite' ? 'ANALYZE' : 'ANALYZE TABLE `role_grant`');
  console.log(
    `[${dialect}] inserted ${GRANTS.toLocaleString('en-US')} grants of other keys in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const after = await timeQueries(server, me.token);
  let met = true;
  for (const label of Object.keys(QUERIES)) {
    const ratio = after[label]! / before[label]!;
    met &&= ratio <= GOAL;
    console.log(
      `[${dialect}] ${label} with a session: median ${before[label]!.toFixed(2)} ms before → ${after[label]!.toFixed(2)} ms after ` +
        `${GRANTS.toLocaleString('en-US')} more grants → ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ratio <= GOAL ? 'OK' : 'ABOVE GOAL'}`,
    );
  }
  return met;
}

export function main(): Promise<boolean> {
  return eachBenchDialectServer(run);
}

runAsScript(module, main);
