import { createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

/**
 * Keys managed through the GraphQL API and used at once: every lifecycle change (deactivate,
 * rotate, revoke, a demoted owner) takes effect on the very next request, through the verify
 * path's cache.
 */
const ME = '{ me { type apiKey { id name } user { id } grants { roleKey level } } }';
const CREATE = `mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { id } } }`;
const CREATE_REST = `mutation($input: CreateRestCredentialInput!) { createRestCredential(input: $input) { clientId clientSecret apiKey { id } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { id active status } }`;
const ROTATE = `mutation($id: ID!, $grace: Int) { rotateApiKey(id: $id, gracePeriodSeconds: $grace) { secret } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { status } }`;
const PERSONAL = `mutation($title: String!) { createSecretApiKey(title: $title) { secret } }`;
const SET_GRANTS = `mutation($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { id } }`;

describe('keys managed through GraphQL take effect on the next request', () => {
  const server = testServerForSuite();
  let admin: TenantUser;
  beforeAll(async () => {
    admin = await createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER', USER: 'OWNER' } });
  });

  const asAdmin = async (query: string, variables: Record<string, unknown>) => {
    const res = await server.gql(query, variables, { token: admin.token });
    expect(res.errors).toBeUndefined();
    return res.data!;
  };
  const withKey = (key: string) => server.gql(ME, {}, { headers: { 'x-api-key': key } });

  it('deactivate, re-activate, rotate without grace and revoke apply at once', async () => {
    const created = (
      await asAdmin(CREATE, {
        input: { name: 'ERP', active: true, grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }] },
      })
    ).createGraphQLApiKey;
    const ok = await withKey(created.secret);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.me).toEqual({
      type: 'API_KEY',
      apiKey: { id: created.apiKey.id, name: 'ERP' },
      user: null,
      grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }],
    });

    await asAdmin(UPDATE, { id: created.apiKey.id, input: { active: false } });
    const inactive = await withKey(created.secret);
    expect(inactive.status).toBe(401);
    expect(inactive.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');

    await asAdmin(UPDATE, { id: created.apiKey.id, input: { active: true } });
    expect((await withKey(created.secret)).errors).toBeUndefined();

    const rotated = (await asAdmin(ROTATE, { id: created.apiKey.id, grace: 0 })).rotateApiKey;
    expect((await withKey(created.secret)).status).toBe(401);
    expect((await withKey(rotated.secret)).errors).toBeUndefined();

    await asAdmin(REVOKE, { id: created.apiKey.id });
    const revoked = await withKey(rotated.secret);
    expect(revoked.status).toBe(401);
    expect(revoked.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it("a personal key follows its owner's current grants: demoting the owner demotes the key at once", async () => {
    const user = await createTenantUser(server, { tenantId: admin.tenantId, grants: { ORDER_DATA: 'EDITOR' } });
    const personal = (await server.gql(PERSONAL, { title: 'laptop' }, { token: user.token })).data!.createSecretApiKey;
    const before = await withKey(personal.secret);
    expect(before.data!.me).toMatchObject({
      type: 'USER',
      user: { id: user.userId },
      grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }],
    });
    await asAdmin(SET_GRANTS, { userId: user.userId, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] });
    const after = await withKey(personal.secret);
    expect(after.data!.me.grants).toEqual([{ roleKey: 'ORDER_DATA', level: 'VIEWER' }]);
  });

  it("a revoked REST credential's access tokens stop working at once", async () => {
    const rest = (
      await asAdmin(CREATE_REST, {
        input: { name: 'Warehouse', active: true, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] },
      })
    ).createRestCredential;
    const tokenRes = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${rest.clientSecret}`,
    });
    expect(tokenRes.statusCode).toBe(200);
    const accessToken = tokenRes.json().access_token as string;
    const me = await server.gql(ME, {}, { token: accessToken });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({
      type: 'REST_CLIENT',
      apiKey: { id: rest.apiKey.id },
      grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }],
    });
    await asAdmin(REVOKE, { id: rest.apiKey.id });
    const after = await server.gql(ME, {}, { token: accessToken });
    expect(after.status).toBe(401);
  });
});
