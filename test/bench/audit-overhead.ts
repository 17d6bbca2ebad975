/**
 * What writing the audit event adds to a mutation's latency (goal: at most +20%).
 *
 *   npx tsx test/bench/audit-overhead.ts [--mariadb] [--rounds 8] [--ops 150]
 *
 * One Keyward instance, one run, modes interleaved operation by operation (so machine noise hits both):
 * "audit on" is the normal app; "audit off" replaces the audit sink's write() with a no-op.
 * The measured operation is `createChannel`: the GraphQL mutation through Fastify when the schema
 * has it. On branches without the channel service it is composed of the same parts: an
 * authenticated GraphQL request through Fastify (`{ tenant { id } }` with the session token: HTTP,
 * authentication, Apollo, one lookup) followed by createChannel's transaction (check the code is
 * free, insert the channel, emit `channel.created`).
 * Two more figures, informational: the same without GraphQL (authenticate + transaction), and the
 * bare transaction (the harshest view: no request handling at all).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { EntityManager } from 'typeorm';
import { Channel } from '../../src/db/entities/channel.entity';
import { buildSchema } from '../../src/graphql/server';
import type { AuditService } from '../../src/domain/audit/audit.service';
import { createTenantUser } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { median } from './shared';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
if (process.argv.includes('--mariadb')) process.env.KEYWARD_TEST_DB = 'mariadb';
const ROUNDS = arg('rounds', 8);
const OPS = arg('ops', 150);
const LIMIT = 1.2;

async function main(): Promise<void> {
  const server: TestServer = await startTestServer({ env: { LOG_LEVEL: 'warn' } });
  try {
    const user = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER', AUDIT_LOG: 'OWNER' } });
    const services = server.kw.services;
    const audit: AuditService = services.audit;
    const deps = server.kw.infrastructure;
    const realWrite = audit.write;
    const setAudit = (on: boolean) => {
      audit.write = on ? realWrite : async () => {};
    };
    const hasGraphQLMutation = Boolean(buildSchema().getMutationType()?.getFields().createChannel);
    let n = 0;
    const code = () => `b${(n++).toString(36)}${randomBytes(3).toString('hex')}`;

    const createChannelMutation = async () => {
      const res = await server.gql(
        'mutation($input: CreateChannelInput!) { createChannel(input: $input) { id } }',
        { input: { code: code(), name: 'Bench channel' } },
        { token: user.token },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    };
    const channelTransaction = async (principal: Awaited<ReturnType<typeof services.auth.principalFromSession>>) => {
      await deps.tx.run(async (em: EntityManager) => {
        const c = code();
        if (await em.findOneBy(Channel, { tenantId: principal.tenant, code: c })) throw new Error('taken');
        const channel = await em.save(
          em
            .create(Channel, { tenantId: principal.tenant, code: c, name: 'Bench channel', description: null })
            .stampCreated(principal.actor()),
        );
        await deps.events.emit(em, principal, {
          action: 'channel.created',
          tenantId: principal.tenant,
          targetType: 'Channel',
          targetId: channel.id,
          changes: { code: { before: null, after: c }, name: { before: null, after: 'Bench channel' } },
        });
      });
    };
    const request = { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' };
    const withoutGraphQL = async () =>
      channelTransaction(await services.auth.principalFromSession(user.token, request));
    const graphQLRequestThenTransaction = async () => {
      const res = await server.gql('{ tenant { id } }', {}, { token: user.token });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      await channelTransaction(await sessionPrincipal);
    };
    const bareTransaction = async () => channelTransaction(await sessionPrincipal);
    const sessionPrincipal = services.auth.principalFromSession(user.token, request);

    const scenarios: Array<[string, () => Promise<void>]> = [
      hasGraphQLMutation
        ? ['createChannel GraphQL mutation', createChannelMutation]
        : [
            'createChannel equivalent: authenticated GraphQL request + createChannel transaction',
            graphQLRequestThenTransaction,
          ],
      ['authenticate + createChannel transaction, no GraphQL', withoutGraphQL],
      ['bare transaction (insert channel + emit), no request handling', bareTransaction],
    ];
    const dialect = server.kw.dataSource.options.type;
    console.log(
      `audit overhead benchmark on ${dialect}: ${ROUNDS * OPS} ops per mode, interleaved; median latency per mode`,
    );
    let verdict = true;
    for (const [index, [label, op]] of scenarios.entries()) {
      for (let i = 0; i < 50; i++) await op(); // warm up (JIT, statement caches, pool)
      // Modes alternate operation by operation (off, on, on, off, …) so load from other processes
      // hits both alike; the median of each mode's single-operation latencies resists spikes.
      const samples: Record<'on' | 'off', number[]> = { on: [], off: [] };
      for (let i = 0; i < ROUNDS * OPS * 2; i++) {
        const mode = (i + (Math.floor(i / 2) % 2)) % 2 === 0 ? 'off' : 'on';
        setAudit(mode === 'on');
        const t0 = performance.now();
        await op();
        samples[mode].push(performance.now() - t0);
      }
      setAudit(true);
      const on = median(samples.on);
      const off = median(samples.off);
      const ratio = on / off;
      const pass = ratio <= LIMIT;
      if (index === 0) verdict = pass;
      console.log(`\n${label}`);
      console.log(
        `  audit off: ${off.toFixed(3)} ms/op   audit on: ${on.toFixed(3)} ms/op   (+${(on - off).toFixed(3)} ms)`,
      );
      console.log(
        `  ratio on/off: ${ratio.toFixed(3)}  ${index === 0 ? (pass ? 'PASS' : 'FAIL') + ` (goal <= ${LIMIT})` : '(informational)'}`,
      );
    }
    const report = await services.auditLog.verifyChain(await sessionPrincipal);
    console.log(`\nchain after the run: ok=${report.ok}, ${report.checked} events checked`);
    process.exitCode = verdict && report.ok ? 0 : 1;
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
