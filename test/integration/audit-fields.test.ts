import { SYSTEM_ACTOR } from '../../src/db/entities/columns';
import { UserGroup } from '../../src/db/entities/user-group.entity';
import { WebhookAttempt } from '../../src/db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { createTenantUser, createWebhook } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { testDispatcher, waitFor, webhookReceiverForSuite } from '../helpers/webhook-receiver';

const ACTOR = '{ __typename ... on User { id } ... on ApiKey { id } }';
const AUDIT = `createdAt updatedAt createdBy ${ACTOR} updatedBy ${ACTOR}`;

/**
 * docs/design.md §3: every entity carries createdAt, updatedAt, createdBy, updatedBy — webhook messages and attempts
 * and group memberships too.
 */
describe('audit fields of webhook messages, attempts and group memberships', () => {
  const server = testServerForSuite({ env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true' } });
  const receiver = webhookReceiverForSuite();

  it("a test send is created by its caller; dispatched deliveries are Keyward's own (null); a redeliver is changed by its caller", async () => {
    const editor = await createTenantUser(server, { grants: { WEBHOOK: 'EDITOR' } });
    const { id } = await createWebhook(server, editor.token, { url: receiver.url, events: ['order.created'] });
    const sent = await server.gql(
      `mutation($id: ID!) { sendTestWebhook(id: $id) { messageId attemptedAt ${AUDIT} } }`,
      { id },
      { token: editor.token },
    );
    expect(sent.errors).toBeUndefined();
    const attempt = sent.data!.sendTestWebhook;
    expect(attempt).toMatchObject({
      createdBy: { __typename: 'User', id: editor.userId },
      updatedBy: { id: editor.userId },
    });
    expect(attempt.createdAt).toBe(attempt.attemptedAt);

    const published = await server.gql(
      'mutation { publishEvent(type: "order.created", payload: { id: "o-1" }) { messageIds } }',
      {},
      { token: editor.token },
    );
    const [messageId] = published.data!.publishEvent.messageIds as string[];
    const message = async (mid: string) =>
      (
        await server.gql(
          `query($id: ID!) { webhookMessages(webhookId: $id, first: 10) { edges { node { id status ${AUDIT} } } } }`,
          { id },
          { token: editor.token },
        )
      )
        .data!.webhookMessages.edges.map((e: { node: Record<string, unknown> }) => e.node)
        .find((n: { id: string }) => n.id === mid);
    expect(await message(attempt.messageId)).toMatchObject({
      createdBy: { id: editor.userId },
      updatedBy: { id: editor.userId },
    });
    expect(await message(messageId!)).toMatchObject({
      status: 'PENDING',
      createdBy: { id: editor.userId },
      updatedBy: { id: editor.userId },
    });

    const dispatcher = testDispatcher(server.kw);
    dispatcher.start();
    try {
      await waitFor(async () => (await message(messageId!))?.status === 'DELIVERED', 'delivery');
    } finally {
      await dispatcher.stop();
    }
    // the dispatcher changed the message and made the attempt: Keyward itself
    expect(await message(messageId!)).toMatchObject({ createdBy: { id: editor.userId }, updatedBy: null });
    const attempts = await server.gql(
      `query($id: ID!) { webhookAttempts(webhookId: $id, first: 10) { edges { node { messageId ${AUDIT} } } } }`,
      { id },
      { token: editor.token },
    );
    const dispatched = attempts
      .data!.webhookAttempts.edges.map((e: { node: Record<string, unknown> }) => e.node)
      .find((n: { messageId: string }) => n.messageId === messageId);
    expect(dispatched).toMatchObject({ createdBy: null, updatedBy: null });
    const row = await server.kw.dataSource.getRepository(WebhookAttempt).findOneByOrFail({ messageId: messageId! });
    expect([row.createdByType, row.createdById]).toEqual([SYSTEM_ACTOR.type, null]);

    const other = await createTenantUser(server, { tenantId: editor.tenantId, grants: { WEBHOOK: 'EDITOR' } });
    const redelivered = await server.gql(
      `mutation($id: ID!) { redeliverWebhookMessage(id: $id) { ${AUDIT} } }`,
      { id: messageId },
      { token: other.token },
    );
    expect(redelivered.data!.redeliverWebhookMessage).toMatchObject({
      createdBy: { id: editor.userId },
      updatedBy: { id: other.userId },
    });
    const stored = await server.kw.dataSource.getRepository(WebhookMessage).findOneByOrFail({ id: messageId! });
    expect(stored.updatedAt.getTime()).toBeGreaterThanOrEqual(stored.createdAt.getTime());
  });

  it('a group membership records who added it, and keeps that when other memberships change', async () => {
    const admin = await createTenantUser(server, { grants: { USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR' } });
    const group = async (name: string) =>
      (
        await server.gql(
          'mutation($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id } }',
          { input: { name, type: 'USER' } },
          { token: admin.token },
        )
      ).data!.createAuthorizationGroup.id as string;
    const [first, second] = [await group('Support'), await group('Finance')];
    const created = await server.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: `member-${Date.now()}@example.test`,
          name: 'Member',
          password: 'long enough pw',
          groupIds: [first],
        },
      },
      { token: admin.token },
    );
    const userId = created.data!.createUser.id as string;
    const memberships = () =>
      server.kw.dataSource.getRepository(UserGroup).find({ where: { userId }, order: { createdAt: 'ASC' } });
    const [original] = await memberships();
    expect(original).toMatchObject({
      groupId: first,
      createdByType: 'USER',
      createdById: admin.userId,
      updatedById: admin.userId,
    });
    expect(original!.createdAt).toBeInstanceOf(Date);

    const colleague = await createTenantUser(server, {
      tenantId: admin.tenantId,
      grants: { USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR' },
    });
    const updated = await server.gql(
      'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id } }',
      { id: userId, input: { groupIds: [first, second] } },
      { token: colleague.token },
    );
    expect(updated.errors).toBeUndefined();
    const after = await memberships();
    expect(after.find((m) => m.groupId === first)).toMatchObject({
      createdById: admin.userId,
      createdAt: original!.createdAt,
    });
    expect(after.find((m) => m.groupId === second)).toMatchObject({ createdById: colleague.userId });
  });

  it('the migration that added them keeps existing rows, dates attempts by attemptedAt and memberships by the migration (down and up with data)', async () => {
    const owner = await createTenantUser(server, {
      grants: { WEBHOOK: 'EDITOR', USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR' },
    });
    const { id } = await createWebhook(server, owner.token, { url: receiver.url, events: ['order.created'] });
    await server.gql('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id }, { token: owner.token });
    const groupId = (
      await server.gql(
        'mutation($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id } }',
        { input: { name: 'Migrated', type: 'USER' } },
        { token: owner.token },
      )
    ).data!.createAuthorizationGroup.id as string;
    const member = await server.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      {
        input: {
          email: `migrated-${Date.now()}@example.test`,
          name: 'Migrated',
          password: 'long enough pw',
          groupIds: [groupId],
        },
      },
      { token: owner.token },
    );
    expect(member.errors).toBeUndefined();
    const ds = server.kw.dataSource;
    // undo the migrations after it (newer ones come and go), then it
    const later = ds.migrations.length - 1 - ds.migrations.findIndex((m) => /^AuditFieldsEverywhere/.test(m.name!));
    expect(later).toBeLessThan(ds.migrations.length);
    // without a transaction: TypeORM turns SQLite's foreign keys off only after opening one on undo,
    // where the PRAGMA is ignored, so a down that rebuilds "user" would cascade into user_group
    for (let i = 0; i <= later; i++) await ds.undoLastMigration({ transaction: 'none' });
    expect(
      Number(
        (await ds.query("SELECT COUNT(*) AS n FROM keyward_migrations WHERE name LIKE 'AuditFieldsEverywhere%'"))[0].n,
      ),
    ).toBe(0);
    const count = async (table: string, where: string) =>
      Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`))[0].n);
    expect(await count('webhook_attempt', `webhookId = '${id}'`)).toBe(1);
    expect(await count('user_group', `groupId = '${groupId}'`)).toBe(1);
    const before = Date.now();
    await ds.runMigrations();
    const [attempt] = await ds.getRepository(WebhookAttempt).findBy({ webhookId: id });
    expect(attempt!.createdAt.getTime()).toBe(attempt!.attemptedAt.getTime());
    expect(attempt!.updatedAt.getTime()).toBe(attempt!.attemptedAt.getTime());
    // who is not known for rows from before
    expect([attempt!.createdByType, attempt!.createdById]).toEqual([null, null]);
    const [membership] = await ds.getRepository(UserGroup).findBy({ groupId });
    expect(membership!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(membership!.createdById).toBeNull();
  });
});
