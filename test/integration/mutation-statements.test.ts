import { createTenantUser, insertKey, createWebhook, serviceDeps, setApiKeyLimit } from '../helpers/fixtures';
import { startTestServer, testServerForSuite, type TestServer } from '../helpers/harness';
import { captureQueries, type QueryCapture } from '../helpers/query-counter';

const CREATE =
  'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { id name status } } }';
const UPDATE =
  'mutation($id: ID!, $d: String) { updateApiKey(id: $id, input: { description: $d }) { id description } }';
const REVOKE = 'mutation($id: ID!) { revokeApiKey(id: $id, reason: "done") { id status } }';
const PUBLISH = 'mutation($p: JSON!) { publishEvent(type: "order.created", payload: $p) { messageIds } }';
const GRANTS = { API_KEY: 'OWNER', WEBHOOK: 'OWNER', ORDER_DATA: 'OWNER' } as const;

type Auth = { token: string } | { headers: Record<string, string> };
type Counts = Record<'create' | 'update' | 'revoke' | 'publishEvent', number>;

/**
 * Statements per mutation, START TRANSACTION and COMMIT included; a cached session or
 * key adds none (the first use reads the user and its grants, or the key). No read-back of rows
 * just written, the key read once, no webhook read while this instance knows the tenant has none.
 * The tenant's key limit is a counter: create raises it in one conditional UPDATE (no lock and
 * COUNT), revoke lowers it in one; on MySQL/MariaDB that change rides in the audit head's UPDATE
 * (one statement fewer; SQLite, without round trips, runs it alone). A new key's grants find their
 * role ids inside their INSERT (no read first).
 */
function mostFor(dialect: 'sqlite' | 'mysql') {
  const alone = dialect === 'sqlite' ? 1 : 0;
  return {
    session: { create: 6 + alone, update: 6, revoke: 6 + alone, publishEvent: 4 },
    apiKey: { create: 6 + alone, update: 6, revoke: 6 + alone, publishEvent: 4 },
    // a subscribed webhook: its read and one message row more per event
    sessionWithWebhook: { create: 8 + alone, update: 7, revoke: 7 + alone, publishEvent: 6 },
  };
}

async function gql(server: TestServer, query: string, variables: Record<string, unknown>, auth: Auth): Promise<any> {
  const res = await server.gql(query, variables, auth);
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe('statements per mutation', () => {
  // the writers behind key use (usage analytics, lastUsedAt) flush on timers, not in the mutation: off here;
  // sessions and keys stay cached for the whole suite (without Redis the default TTL is 1 s, which a loaded
  // machine can pass between warming the caches and counting)
  const server = testServerForSuite({ env: { KEYWARD_USAGE_ANALYTICS: 'false', KEYWARD_KEY_CACHE_TTL_MS: '300000' } });
  let counter: QueryCapture;
  let MOST: ReturnType<typeof mostFor>;

  beforeAll(async () => {
    MOST = mostFor(serviceDeps(server).tx.dialect);
    clearInterval((server.kw.services.keyVerifier as unknown as { uses: { timer: NodeJS.Timeout } }).uses.timer);
    counter = captureQueries(server);
  });

  async function statements(
    query: string,
    variables: Record<string, unknown>,
    auth: Auth,
  ): Promise<{ count: number; data: any }> {
    counter.reset();
    const data = await gql(server, query, variables, auth);
    return { count: counter.count, data };
  }

  /**
   * create → update → revoke → publishEvent twice; the second round's counts (the first fills the caches, as on a
   * running server).
   */
  async function cycle(auth: Auth): Promise<Counts> {
    let counts: Counts | undefined;
    for (let round = 0; round < 2; round++) {
      const created = await statements(
        CREATE,
        { input: { name: `k${round}`, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
        auth,
      );
      const id = created.data.createGraphQLApiKey.apiKey.id;
      const updated = await statements(UPDATE, { id, d: `d${round}` }, auth);
      const revoked = await statements(REVOKE, { id }, auth);
      const published = await statements(PUBLISH, { p: { orderId: `o${round}` } }, auth);
      counts = { create: created.count, update: updated.count, revoke: revoked.count, publishEvent: published.count };
    }
    return counts!;
  }

  const within = (counts: Counts, most: Counts) =>
    Object.fromEntries(
      Object.entries(counts).map(([m, n]) => [
        m,
        n <= most[m as keyof Counts] ? 'ok' : `${n} > ${most[m as keyof Counts]}`,
      ]),
    );
  const ok = (most: Counts) => Object.fromEntries(Object.keys(most).map((m) => [m, 'ok']));

  it('with a session and with an API key, without and with a subscribed webhook', async () => {
    const user = await createTenantUser(server, { grants: GRANTS });
    const key = await insertKey(server, { tenantId: user.tenantId, grants: GRANTS, rateLimitPerMinute: 100_000 });
    expect(within(await cycle({ token: user.token }), MOST.session)).toEqual(ok(MOST.session));
    expect(within(await cycle({ headers: { 'x-api-key': key.secret } }), MOST.apiKey)).toEqual(ok(MOST.apiKey));
    await createWebhook(server, user.token, {
      url: 'https://example.com/hook',
      events: ['order.created', 'api_key.created'],
    });
    expect(within(await cycle({ token: user.token }), MOST.sessionWithWebhook)).toEqual(ok(MOST.sessionWithWebhook));
  });

  it('moves the audit chain head last, just before COMMIT; a create refused after its event costs the next write no retry', async () => {
    const user = await createTenantUser(server, { grants: GRANTS });
    await setApiKeyLimit(server, user.tenantId, 1);
    const auth = { token: user.token };
    const input = (name: string) => ({ input: { name, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } });
    // the head's row is locked from its UPDATE to COMMIT: nothing runs between them
    const lastTwo = () => counter.queries.slice(-2).map((query) => query.trim().split(/\s+/).slice(0, 2).join(' '));
    const HEAD_THEN_COMMIT = ['UPDATE `audit_chain_head`', 'COMMIT'];
    // the key counter's change: in the head's UPDATE on MySQL/MariaDB, just before it on SQLite
    const counterChange = serviceDeps(server).tx.dialect === 'mysql' ? -2 : -3;
    const id = (await statements(CREATE, input('kept'), auth)).data.createGraphQLApiKey.apiKey.id as string;
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    expect(counter.queries.at(counterChange)).toContain('`tenant_key_count`');
    await statements(UPDATE, { id, d: 'before the refusal' }, auth);
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    // the limit refuses this create after its audit event was inserted: the transaction rolls back, and
    // the head it would have written is not built on (the next write reads the head under lock instead
    // of missing the compare-and-set and running again: that would repeat every statement); a new run of
    // appends begins, so the webhooks are read again (one statement, and MariaDB's locking read)
    counter.reset();
    const refused = await server.gql(CREATE, input('over the limit'), auth);
    expect(refused.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(counter.queries.some((query) => query.startsWith('INSERT INTO `audit_event`'))).toBe(true);
    expect(counter.queries).toContain('ROLLBACK');
    const after = await statements(UPDATE, { id, d: 'after the refusal' }, auth);
    expect(after.count).toBeLessThanOrEqual(MOST.session.update + 3);
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    // revoking the kept key gives its place back, in the head's UPDATE too: a new key fits again
    await statements(REVOKE, { id }, auth);
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    expect(counter.queries.at(counterChange)).toContain('`tenant_key_count`');
    const again = (await statements(CREATE, input('after the revoke'), auth)).data.createGraphQLApiKey.apiKey.id;
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    // deleting it gives the place back the same way
    await statements('mutation($ids: [ID!]!) { deleteApiKeys(ids: $ids) { deletedIds } }', { ids: [again] }, auth);
    expect(lastTwo()).toEqual(HEAD_THEN_COMMIT);
    expect(counter.queries.at(counterChange)).toContain('`tenant_key_count`');
    await statements(CREATE, input('after the delete'), auth);
  });

  it('concurrent mutations of one tenant run no more statements each than one at a time', async () => {
    // each append builds on the head this instance's previous one wrote: no missed compare-and-set,
    // no locking re-read of the head, no webhook read for a run the miss would end
    const user = await createTenantUser(server, { grants: GRANTS });
    await setApiKeyLimit(server, user.tenantId, 100);
    const auth = { token: user.token };
    await cycle(auth); // the caches, as on a running server
    const concurrently = async (query: string, variables: (i: number) => Record<string, unknown>) => {
      counter.reset();
      const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => gql(server, query, variables(i), auth)));
      return { answers, statements: counter.count / answers.length };
    };
    const created = await concurrently(CREATE, (i) => ({
      input: { name: `c${i}`, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] },
    }));
    const ids = created.answers.map((data) => data.createGraphQLApiKey.apiKey.id as string);
    const counts: Counts = {
      create: created.statements,
      update: (await concurrently(UPDATE, (i) => ({ id: ids[i], d: `x${i}` }))).statements,
      revoke: (await concurrently(REVOKE, (i) => ({ id: ids[i] }))).statements,
      publishEvent: (await concurrently(PUBLISH, (i) => ({ p: { orderId: `c${i}` } }))).statements,
    };
    expect(within(counts, MOST.session)).toEqual(ok(MOST.session));
  });

  it('a webhook created on another instance gets the next event here, though this one had found none', async () => {
    const user = await createTenantUser(server, { grants: GRANTS });
    const auth = { token: user.token };
    const publish = async () =>
      (await gql(server, PUBLISH, { p: { orderId: 'x' } }, auth)).publishEvent.messageIds as string[];
    // this instance finds the tenant without webhooks and then stops reading them
    expect(await publish()).toEqual([]);
    expect(await publish()).toEqual([]);
    counter.reset();
    expect(await publish()).toEqual([]);
    expect(counter.queries.filter((q) => /FROM [`"]webhook[`"]/.test(q))).toEqual([]);
    const other = await startTestServer({
      db: server.db,
      keepDatabase: true,
      env: { KEYWARD_MASTER_KEY: server.masterKey },
    });
    const setActive = (on: TestServer, id: string, active: boolean) =>
      gql(
        on,
        'mutation($id: ID!, $a: Boolean) { updateWebhook(id: $id, input: { active: $a }) { id } }',
        { id, a: active },
        auth,
      );
    try {
      const { id } = await createWebhook(other, user.token, {
        url: 'https://example.com/hook',
        events: ['order.created'],
      });
      expect(await publish()).toHaveLength(1);
      // deactivated here: none again (found once more, then known); activated there: delivered again
      await setActive(server, id, false);
      expect(await publish()).toEqual([]);
      expect(await publish()).toEqual([]);
      await setActive(other, id, true);
      expect(await publish()).toHaveLength(1);
      // and a webhook created here is seen at once
      await setActive(server, id, false);
      expect(await publish()).toEqual([]);
      expect(await publish()).toEqual([]);
      await createWebhook(server, user.token, { url: 'https://example.com/two', events: ['order.created'] });
      expect(await publish()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
