import { hashSecret, parseSecret } from '../../src/credentials/tokens';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { createTenantUser, createChannel, createGroup } from '../helpers/fixtures';
import { eventsForSuite } from '../helpers/domain-events';
import { testServerForSuite } from '../helpers/harness';
import {
  CREATE_GRAPHQL,
  CREATE_PERSONAL,
  CREATE_REST,
  DELETE,
  DELETE_OWN,
  GET,
  inDays,
  MY_KEYS,
  REVOKE,
  REVOKE_OWN,
  ROTATE,
  UPDATE,
  UPDATE_OWN,
} from '../helpers/api-keys';

describe('API key lifecycle', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);

  const admin = () =>
    createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER', PRODUCT_DATA: 'EDITOR' } });

  it('creates a GraphQL key: secret once, inactive by default, only hash + prefix + last4 stored', async () => {
    const me = await admin();
    const channel = await createChannel(server, me.tenantId);
    const group = await createGroup(server, me.tenantId, 'API_KEY', { PRODUCT_DATA: 'VIEWER' });
    const expiresAt = inDays(30);
    const res = await server.gql(
      CREATE_GRAPHQL,
      {
        input: {
          name: '  Partner ERP ',
          description: 'Orders sync',
          channelId: channel.id,
          grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }],
          authorizationGroupId: group.id,
          expiresAt,
          ipAllowlist: ['10.0.0.0/8', '2001:DB8::/32', '192.0.2.7'],
          rateLimitPerMinute: 600,
        },
      },
      { token: me.token },
    );
    expect(res.errors).toBeUndefined();
    const { secret, apiKey } = res.data!.createGraphQLApiKey;
    expect(secret).toMatch(/^kwk_[0-9A-Za-z]{36}$/);
    expect(parseSecret(secret)).toBe('GRAPHQL');
    expect(apiKey).toMatchObject({
      kind: 'GRAPHQL',
      name: 'Partner ERP',
      description: 'Orders sync',
      active: false,
      status: 'INACTIVE',
      expirationState: 'VALID',
      prefix: secret.slice(0, 12),
      last4: secret.slice(-4),
      clientId: null,
      expiresAt,
      ipAllowlist: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'],
      rateLimitPerMinute: 600,
      channelId: channel.id,
      authorizationGroupId: group.id,
      grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }],
      effectiveGrants: [
        { roleKey: 'ORDER_DATA', level: 'EDITOR' },
        { roleKey: 'PRODUCT_DATA', level: 'VIEWER' },
      ],
      owner: { id: me.userId, email: me.email },
      revokedAt: null,
      revokedBy: null,
      previousSecretUseCount: 0,
      createdBy: { __typename: 'User', id: me.userId, email: me.email },
      updatedBy: { __typename: 'User', id: me.userId },
    });
    const row = await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const created = events.find((e) => e.action === 'api_key.created' && e.targetId === apiKey.id)!;
    expect(created).toMatchObject({ tenantId: me.tenantId, targetType: 'ApiKey', channelId: channel.id });
    expect(created.data).toMatchObject({
      id: apiKey.id,
      kind: 'GRAPHQL',
      prefix: apiKey.prefix,
      status: 'INACTIVE',
      channelId: channel.id,
    });
    expect(created.changes!.grants).toEqual({ before: [], after: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }] });
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(JSON.stringify(created)).not.toContain(row.secretHash);
  });

  it('creates a REST credential: clientId + clientSecret, inactive by default like GraphQL keys', async () => {
    const me = await admin();
    const res = await server.gql(
      CREATE_REST,
      { input: { name: 'Warehouse', grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
      { token: me.token },
    );
    expect(res.errors).toBeUndefined();
    const { clientId, clientSecret, apiKey } = res.data!.createRestCredential;
    expect(clientId).toMatch(/^kwc_[0-9A-Za-z]{22}$/);
    expect(parseSecret(clientSecret)).toBe('REST_SECRET');
    expect(apiKey).toMatchObject({
      kind: 'REST',
      clientId,
      active: false,
      status: 'INACTIVE',
      expirationState: 'NEVER',
      channelId: null,
      ipAllowlist: [],
    });
    const on = await server.gql(CREATE_REST, { input: { name: 'Warehouse 2', active: true } }, { token: me.token });
    expect(on.data!.createRestCredential.apiKey).toMatchObject({ active: true, status: 'ACTIVE' });
  });

  it('updates name, description, active, group, allowlist, rate limit and REST grants; emits api_key.updated', async () => {
    const me = await admin();
    const group = await createGroup(server, me.tenantId, 'API_KEY', { ORDER_DATA: 'VIEWER' });
    const created = await server.gql(
      CREATE_REST,
      { input: { name: 'Rest one', active: true, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
      { token: me.token },
    );
    const id = created.data!.createRestCredential.apiKey.id;
    // the key cache is told after commit, once per changed key
    const invalidated = jest.spyOn(server.kw.services.keyVerifier, 'invalidate');
    const res = await server.gql(
      UPDATE,
      {
        id,
        input: {
          name: 'Rest renamed',
          description: 'now with text',
          active: false,
          authorizationGroupId: group.id,
          ipAllowlist: ['::1'],
          rateLimitPerMinute: 1_000_000,
          grants: [
            { roleKey: 'ORDER_DATA', level: 'OWNER' },
            { roleKey: 'PRODUCT_DATA', level: 'EDITOR' },
          ],
        },
      },
      { token: me.token },
    );
    const seen = invalidated.mock.calls.map(([keyId]) => keyId);
    invalidated.mockRestore();
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateApiKey).toMatchObject({
      name: 'Rest renamed',
      description: 'now with text',
      active: false,
      status: 'INACTIVE',
      authorizationGroupId: group.id,
      ipAllowlist: ['::1'],
      rateLimitPerMinute: 1_000_000,
      grants: [
        { roleKey: 'ORDER_DATA', level: 'OWNER' },
        { roleKey: 'PRODUCT_DATA', level: 'EDITOR' },
      ],
    });
    expect(seen).toEqual([id]);
    const updated = events.filter((e) => e.action === 'api_key.updated' && e.targetId === id);
    expect(updated).toHaveLength(1);
    expect(updated[0]!.changes).toMatchObject({
      name: { before: 'Rest one', after: 'Rest renamed' },
      active: { before: true, after: false },
      grants: { before: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] },
    });
    // clearing optional fields
    const cleared = await server.gql(
      UPDATE,
      {
        id,
        input: {
          description: null,
          authorizationGroupId: null,
          ipAllowlist: null,
          rateLimitPerMinute: null,
          grants: [],
        },
      },
      { token: me.token },
    );
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.updateApiKey).toMatchObject({
      description: null,
      authorizationGroupId: null,
      ipAllowlist: [],
      rateLimitPerMinute: null,
      grants: [],
    });
  });

  it('rotates: new secret, REST keeps clientId, grace period kept and capped by expiry', async () => {
    const me = await admin();
    const expiresAt = inDays(1);
    const created = await server.gql(CREATE_REST, { input: { name: 'Rotating', expiresAt } }, { token: me.token });
    const { clientId, clientSecret, apiKey } = created.data!.createRestCredential;
    // the key cache is told after commit, once per changed key
    const invalidated = jest.spyOn(server.kw.services.keyVerifier, 'invalidate');
    const rotated = await server.gql(ROTATE, { id: apiKey.id, grace: 3600 }, { token: me.token });
    const seen = invalidated.mock.calls.map(([keyId]) => keyId);
    invalidated.mockRestore();
    expect(rotated.errors).toBeUndefined();
    const { secret, apiKey: after } = rotated.data!.rotateApiKey;
    expect(parseSecret(secret)).toBe('REST_SECRET');
    expect(secret).not.toBe(clientSecret);
    expect(after.clientId).toBe(clientId);
    expect(after.prefix).toBe(secret.slice(0, 12));
    expect(after.rotatedAt).not.toBeNull();
    const graceEnd = new Date(after.previousSecretExpiresAt).getTime();
    expect(graceEnd).toBeGreaterThan(Date.now() + 3500_000);
    expect(graceEnd).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(seen).toEqual([apiKey.id]);
    const row = await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(row.secretHash).toBe(hashSecret(secret));
    expect(row.previousSecretHash).toBe(hashSecret(clientSecret));

    // a grace period longer than the time left before expiry ends at the expiry
    const again = await server.gql(ROTATE, { id: apiKey.id, grace: 7 * 24 * 3600 }, { token: me.token });
    expect(again.errors).toBeUndefined();
    expect(again.data!.rotateApiKey.apiKey.previousSecretExpiresAt).toBe(expiresAt);
    // rotate with a new expiry; no grace: the old secret stops at once
    const newExpiry = inDays(60);
    const third = await server.gql(ROTATE, { id: apiKey.id, expiresAt: newExpiry }, { token: me.token });
    expect(third.errors).toBeUndefined();
    expect(third.data!.rotateApiKey.apiKey).toMatchObject({
      expiresAt: newExpiry,
      previousSecretExpiresAt: null,
      expirationState: 'VALID',
    });
    const row3 = await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: apiKey.id });
    expect(row3.previousSecretHash).toBeNull();
    expect(events.filter((e) => e.action === 'api_key.rotated' && e.targetId === apiKey.id)).toHaveLength(3);
  });

  it('revokes permanently and deletes in bulk; revoke records who and why', async () => {
    const me = await admin();
    const a = (await server.gql(CREATE_GRAPHQL, { input: { name: 'Key A', active: true } }, { token: me.token })).data!
      .createGraphQLApiKey.apiKey;
    const b = (await server.gql(CREATE_REST, { input: { name: 'Key B' } }, { token: me.token })).data!
      .createRestCredential.apiKey;
    // the key cache is told after commit, once per changed key
    const invalidated = jest.spyOn(server.kw.services.keyVerifier, 'invalidate');
    const revoked = await server.gql(REVOKE, { id: a.id, reason: 'leaked in a log' }, { token: me.token });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeApiKey).toMatchObject({
      status: 'REVOKED',
      revokedReason: 'leaked in a log',
      revokedBy: { __typename: 'User', id: me.userId },
      active: false,
    });
    expect(revoked.data!.revokeApiKey.revokedAt).not.toBeNull();
    // the `active` filter agrees with what the key reads
    const listed = async (active: boolean) =>
      (
        await server.gql<{ apiKeys: { edges: Array<{ node: { id: string } }> } }>(
          'query($f: ApiKeyFilter) { apiKeys(filter: $f, first: 100) { edges { node { id } } } }',
          { f: { active } },
          { token: me.token },
        )
      ).data!.apiKeys.edges.map((e) => e.node.id);
    expect(await listed(true)).not.toContain(a.id);
    expect(await listed(false)).toContain(a.id);
    const again = await server.gql(REVOKE, { id: a.id }, { token: me.token });
    expect(again.errors![0]!.extensions.code).toBe('CONFLICT');
    const reactivate = await server.gql(UPDATE, { id: a.id, input: { active: true } }, { token: me.token });
    expect(reactivate.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.active' });
    const rotate = await server.gql(ROTATE, { id: a.id }, { token: me.token });
    expect(rotate.errors![0]!.extensions.code).toBe('CONFLICT');

    const deleted = await server.gql(DELETE, { ids: [a.id, b.id] }, { token: me.token });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteApiKeys.deletedIds.sort()).toEqual([a.id, b.id].sort());
    const seen = invalidated.mock.calls.map(([keyId]) => keyId);
    invalidated.mockRestore();
    // called after commit, only for changes that happened (the refused calls above notify nothing)
    expect(seen.sort()).toEqual([a.id, a.id, b.id].sort());
    expect((await server.gql(GET, { id: a.id }, { token: me.token })).data!.apiKey).toBeNull();
    expect(events.filter((e) => e.action === 'api_key.deleted' && [a.id, b.id].includes(e.targetId!))).toHaveLength(2);
    expect(events.find((e) => e.action === 'api_key.revoked' && e.targetId === a.id)!.changes).toMatchObject({
      revokedReason: { before: null, after: 'leaked in a log' },
      active: { before: true, after: false },
    });
  });

  it('personal keys: one active per user, owner edits title, revokes and deletes without API_KEY grants', async () => {
    const me = await createTenantUser(server, { grants: { ORDER_DATA: 'VIEWER' } });
    const created = await server.gql(CREATE_PERSONAL, { title: 'My laptop' }, { token: me.token });
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data!.createSecretApiKey;
    expect(parseSecret(secret)).toBe('PERSONAL');
    expect(apiKey).toMatchObject({
      kind: 'PERSONAL',
      name: 'My laptop',
      active: true,
      status: 'ACTIVE',
      owner: { id: me.userId },
      grants: [],
      effectiveGrants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }],
    });
    const second = await server.gql(CREATE_PERSONAL, { title: 'Second' }, { token: me.token });
    expect(second.errors![0]!.extensions.code).toBe('LIMIT_EXCEEDED');

    const mine = await server.gql(MY_KEYS, {}, { token: me.token });
    expect(mine.data!.mySecretApiKeys.totalCount).toBe(1);
    expect(mine.data!.mySecretApiKeys.edges[0].node.id).toBe(apiKey.id);

    const renamed = await server.gql(UPDATE_OWN, { id: apiKey.id, title: 'Work laptop' }, { token: me.token });
    expect(renamed.data!.updateSecretApiKey.name).toBe('Work laptop');
    const early = await server.gql(DELETE_OWN, { id: apiKey.id }, { token: me.token });
    expect(early.errors![0]!.extensions.code).toBe('CONFLICT');
    const revoked = await server.gql(REVOKE_OWN, { id: apiKey.id }, { token: me.token });
    expect(revoked.data!.revokeSecretApiKey.status).toBe('REVOKED');
    // a revoked key frees the slot
    const next = await server.gql(CREATE_PERSONAL, { title: 'Replacement' }, { token: me.token });
    expect(next.errors).toBeUndefined();
    const deleted = await server.gql(DELETE_OWN, { id: apiKey.id }, { token: me.token });
    expect(deleted.data!.deleteSecretApiKey.deletedIds).toEqual([apiKey.id]);
    expect(events.filter((e) => e.targetId === apiKey.id).map((e) => e.action)).toEqual([
      'api_key.created',
      'api_key.updated',
      'api_key.revoked',
      'api_key.deleted',
    ]);
  });

  it("another user's personal key answers NOT_FOUND to the personal operations; admins manage it through the API_KEY operations", async () => {
    const owner = await createTenantUser(server, {});
    const other = await createTenantUser(server, { tenantId: owner.tenantId });
    const adminUser = await createTenantUser(server, { tenantId: owner.tenantId, grants: { API_KEY: 'OWNER' } });
    const key = (await server.gql(CREATE_PERSONAL, { title: 'Owner key' }, { token: owner.token })).data!
      .createSecretApiKey.apiKey;
    for (const [query, vars] of [
      [UPDATE_OWN, { id: key.id, title: 'Hijack' }],
      [REVOKE_OWN, { id: key.id }],
      [DELETE_OWN, { id: key.id }],
    ] as const) {
      for (const caller of [other, adminUser]) {
        const res = await server.gql(query, vars, { token: caller.token });
        expect(res.errors![0]!.extensions.code).toBe('NOT_FOUND');
      }
    }
    expect((await server.gql(MY_KEYS, {}, { token: other.token })).data!.mySecretApiKeys.totalCount).toBe(0);
    const delActive = await server.gql(DELETE, { ids: [key.id] }, { token: adminUser.token });
    expect(delActive.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'ids[0]' });
    const rotate = await server.gql(ROTATE, { id: key.id }, { token: adminUser.token });
    expect(rotate.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(
      (await server.gql(REVOKE, { id: key.id, reason: 'offboarding' }, { token: adminUser.token })).data!.revokeApiKey
        .status,
    ).toBe('REVOKED');
    expect(
      (await server.gql(DELETE, { ids: [key.id] }, { token: adminUser.token })).data!.deleteApiKeys.deletedIds,
    ).toEqual([key.id]);
  });

  it('shows tenant.apiKeyUsage (GraphQL + REST keys that are not revoked)', async () => {
    const me = await admin();
    await server.gql(CREATE_GRAPHQL, { input: { name: 'One' } }, { token: me.token });
    const two = (await server.gql(CREATE_REST, { input: { name: 'Two' } }, { token: me.token })).data!
      .createRestCredential.apiKey;
    await server.gql(CREATE_PERSONAL, { title: 'Mine' }, { token: me.token });
    await server.gql(REVOKE, { id: two.id }, { token: me.token });
    const res = await server.gql('{ tenant { apiKeyLimit apiKeyUsage { used limit } } }', {}, { token: me.token });
    expect(res.errors).toBeUndefined();
    expect(res.data!.tenant.apiKeyUsage).toEqual({ used: 1, limit: 10 });
  });
});
