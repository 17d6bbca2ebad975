import { In } from 'typeorm';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { Channel } from '../../src/db/entities/channel.entity';
import { eventsForSuite } from '../helpers/domain-events';
import { createTenantUser, insertKey, updateKey, createWebhook } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const FIELDS =
  'id code name description createdAt updatedAt createdBy { __typename ... on User { id email } } updatedBy { ... on User { id } }';
const CREATE = `mutation($input: CreateChannelInput!) { createChannel(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = 'mutation($id: ID!) { deleteChannel(id: $id) }';
const LIST = `query($first: Int, $after: String, $last: Int, $before: String) { channels(first: $first, after: $after, last: $last, before: $before) {
  edges { cursor node { id code } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } totalCount } }`;
const GET = 'query($id: ID!) { channel(id: $id) { id code } }';

describe('channels', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);
  const count = (tenantId: string) => server.kw.dataSource.getRepository(Channel).countBy({ tenantId });

  describe('happy path', () => {
    it('creates, updates, lists and deletes a channel with audit fields and events', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      const created = await server.gql(
        CREATE,
        { input: { code: 'de-shop', name: '  German shop ', description: 'DE' } },
        { token: owner.token },
      );
      expect(created.errors).toBeUndefined();
      const channel = created.data!.createChannel;
      expect(channel).toMatchObject({
        code: 'de-shop',
        name: 'German shop',
        description: 'DE',
        createdBy: { __typename: 'User', id: owner.userId, email: owner.email },
        updatedBy: { id: owner.userId },
      });
      expect(events.at(-1)).toMatchObject({
        action: 'channel.created',
        tenantId: owner.tenantId,
        targetType: 'Channel',
        targetId: channel.id,
        changes: { code: { before: null, after: 'de-shop' } },
      });

      const updated = await server.gql(
        UPDATE,
        { id: channel.id, input: { name: 'Deutschland', description: null } },
        { token: owner.token },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateChannel).toMatchObject({ code: 'de-shop', name: 'Deutschland', description: null });
      expect(events.at(-1)).toMatchObject({
        action: 'channel.updated',
        changes: { name: { before: 'German shop', after: 'Deutschland' }, description: { before: 'DE', after: null } },
      });

      const got = await server.gql(GET, { id: channel.id }, { token: owner.token });
      expect(got.data!.channel).toEqual({ id: channel.id, code: 'de-shop' });

      const deleted = await server.gql(DELETE, { id: channel.id }, { token: owner.token });
      expect(deleted.data!.deleteChannel).toBe(channel.id);
      expect(events.at(-1)).toMatchObject({ action: 'channel.deleted', targetId: channel.id });
      expect(await count(owner.tenantId)).toBe(0);
    });

    it('refuses to delete a channel unrevoked keys or webhooks are bound to (they would see every channel), until they are gone', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER', WEBHOOK: 'OWNER' } });
      const channel = (await server.gql(CREATE, { input: { code: 'bound', name: 'Bound' } }, { token: owner.token }))
        .data!.createChannel;
      const key = await insertKey(server, { tenantId: owner.tenantId, channelId: channel.id });
      const revokedKey = await insertKey(server, { tenantId: owner.tenantId, channelId: channel.id });
      await updateKey(server, revokedKey.id, { revokedAt: new Date() });
      const hook = await createWebhook(server, owner.token, {
        url: 'https://hooks.example.test/keyward',
        events: ['api_key.created'],
        channelId: channel.id,
      });
      const eventsBefore = events.length;
      const refused = await server.gql(DELETE, { id: channel.id }, { token: owner.token });
      expect(refused.errors?.[0]).toMatchObject({
        message:
          'Channel "bound" still has 1 unrevoked key and 1 webhook bound to it; deleting it would extend them to every channel. Revoke those keys and delete the webhooks or change their channel first',
        extensions: { code: 'CONFLICT', field: 'id' },
      });
      expect(await count(owner.tenantId)).toBe(1);
      expect(events.length).toBe(eventsBefore);
      await updateKey(server, key.id, { revokedAt: new Date() });
      expect((await server.gql(DELETE, { id: channel.id }, { token: owner.token })).errors?.[0]?.message).toMatch(
        /still has 1 webhook bound/,
      );
      const repointed = await server.gql(
        'mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }',
        { id: hook.id, input: { channelId: null } },
        { token: owner.token },
      );
      expect(repointed.errors).toBeUndefined();
      expect((await server.gql(DELETE, { id: channel.id }, { token: owner.token })).data!.deleteChannel).toBe(
        channel.id,
      );
      // the revoked keys keep their revocation and just lose the binding
      const rows = await server.kw.dataSource.getRepository(ApiKey).findBy({ id: In([key.id, revokedKey.id]) });
      expect(rows.map((r) => [r.channelId, r.revokedAt !== null])).toEqual([
        [null, true],
        [null, true],
      ]);
    });

    it('pages forward and backward through channels ordered by code', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'EDITOR' } });
      for (const code of ['c3', 'c1', 'c5', 'c2', 'c4']) {
        const res = await server.gql(CREATE, { input: { code, name: code } }, { token: owner.token });
        expect(res.errors).toBeUndefined();
      }
      const page1 = await server.gql(LIST, { first: 2 }, { token: owner.token });
      expect(page1.data!.channels.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['c1', 'c2']);
      expect(page1.data!.channels.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(page1.data!.channels.totalCount).toBe(5);
      const page2 = await server.gql(
        LIST,
        { first: 2, after: page1.data!.channels.pageInfo.endCursor },
        { token: owner.token },
      );
      expect(page2.data!.channels.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['c3', 'c4']);
      const back = await server.gql(
        LIST,
        { last: 2, before: page2.data!.channels.pageInfo.startCursor },
        { token: owner.token },
      );
      expect(back.data!.channels.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['c1', 'c2']);
      const tail = await server.gql(LIST, { last: 1 }, { token: owner.token });
      expect(tail.data!.channels.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['c5']);
    });
  });

  describe('errors', () => {
    it('rejects bad input naming the field and writes nothing', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ code: '', name: 'x' }, 'BAD_USER_INPUT', 'input.code'],
        [{ code: 'has space', name: 'x' }, 'BAD_USER_INPUT', 'input.code'],
        [{ code: 'x'.repeat(65), name: 'x' }, 'BAD_USER_INPUT', 'input.code'],
        [{ code: 'ok', name: '   ' }, 'BAD_USER_INPUT', 'input.name'],
        [{ code: 'ok', name: 'n'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
        [{ code: 'ok', name: 'ok', description: 'd'.repeat(1001) }, 'BAD_USER_INPUT', 'input.description'],
      ];
      for (const [input, code, field] of cases) {
        const res = await server.gql(CREATE, { input }, { token: owner.token });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
      }
      expect(await count(owner.tenantId)).toBe(0);
      const before = events.length;
      await server.gql(CREATE, { input: { code: 'main', name: 'Main' } }, { token: owner.token });
      const dup = await server.gql(CREATE, { input: { code: 'MAIN', name: 'Other' } }, { token: owner.token });
      expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
      expect(await count(owner.tenantId)).toBe(1);
      expect(events.length).toBe(before + 1);
    });

    it('rejects a code taken by another channel on update and an explicit null name', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      await server.gql(CREATE, { input: { code: 'a', name: 'A' } }, { token: owner.token });
      const b = (await server.gql(CREATE, { input: { code: 'b', name: 'B' } }, { token: owner.token })).data!
        .createChannel;
      const taken = await server.gql(UPDATE, { id: b.id, input: { code: 'a' } }, { token: owner.token });
      expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.code' });
      const nulled = await server.gql(UPDATE, { id: b.id, input: { name: null } }, { token: owner.token });
      expect(nulled.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      const row = await server.kw.dataSource.getRepository(Channel).findOneByOrFail({ id: b.id });
      expect([row.code, row.name]).toEqual(['b', 'B']);
    });

    it('concurrent creates with one code: exactly one wins, the others get CONFLICT', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'EDITOR' } });
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          server.gql(CREATE, { input: { code: 'race', name: `Racer ${i}` } }, { token: owner.token }),
        ),
      );
      const codes = results.map((r) => r.errors?.[0]?.extensions.code ?? 'OK').sort();
      expect(codes).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'OK']);
      expect(results.filter((r) => r.errors).every((r) => r.errors![0]!.extensions.field === 'input.code')).toBe(true);
      expect(await count(owner.tenantId)).toBe(1);
    });

    it('rejects page sizes over 100 and foreign cursors', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'VIEWER' } });
      expect((await server.gql(LIST, { first: 101 }, { token: owner.token })).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'first',
      });
      expect(
        (await server.gql(LIST, { first: 1, after: 'nope' }, { token: owner.token })).errors?.[0]?.extensions,
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    });
  });

  describe('security', () => {
    it('keeps tenants apart: another tenant sees nothing and gets NOT_FOUND for our ids', async () => {
      const a = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      const b = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      const channel = (await server.gql(CREATE, { input: { code: 'secret', name: 'Secret' } }, { token: a.token }))
        .data!.createChannel;
      const list = await server.gql(LIST, { first: 10 }, { token: b.token });
      expect(list.data!.channels.edges).toEqual([]);
      expect(list.data!.channels.totalCount).toBe(0);
      for (const [query, vars] of [
        [GET, { id: channel.id }],
        [UPDATE, { id: channel.id, input: { name: 'pwned' } }],
        [DELETE, { id: channel.id }],
      ] as const) {
        const res = await server.gql(query, vars, { token: b.token });
        expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
        expect(res.data?.channel ?? res.data?.updateChannel ?? res.data?.deleteChannel ?? null).toBeNull();
      }
      // the same code is free in another tenant
      expect(
        (await server.gql(CREATE, { input: { code: 'secret', name: 'Mine' } }, { token: b.token })).errors,
      ).toBeUndefined();
      const row = await server.kw.dataSource.getRepository(Channel).findOneByOrFail({ id: channel.id });
      expect(row.name).toBe('Secret');
    });

    it('checks levels: VIEWER lists, EDITOR changes, only OWNER deletes', async () => {
      const owner = await createTenantUser(server, { grants: { SHOP_AND_CHANNEL: 'OWNER' } });
      const viewer = await createTenantUser(server, {
        grants: { SHOP_AND_CHANNEL: 'VIEWER' },
        tenantId: owner.tenantId,
      });
      const editor = await createTenantUser(server, {
        grants: { SHOP_AND_CHANNEL: 'EDITOR' },
        tenantId: owner.tenantId,
      });
      expect((await server.gql(LIST, {}, { token: viewer.token })).errors).toBeUndefined();
      expect(
        (await server.gql(CREATE, { input: { code: 'v', name: 'V' } }, { token: viewer.token })).errors?.[0]?.extensions
          .code,
      ).toBe('FORBIDDEN');
      const channel = (await server.gql(CREATE, { input: { code: 'e', name: 'E' } }, { token: editor.token })).data!
        .createChannel;
      expect((await server.gql(DELETE, { id: channel.id }, { token: editor.token })).errors?.[0]?.extensions.code).toBe(
        'FORBIDDEN',
      );
      expect((await server.gql(DELETE, { id: channel.id }, { token: owner.token })).data!.deleteChannel).toBe(
        channel.id,
      );
      expect((await server.gql(LIST, {})).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});
