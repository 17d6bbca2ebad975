import type { TestServer } from './harness';
import type { TenantUser } from './fixtures';

/**
 * Creates one object of a GraphQL type in the owner's tenant and returns its id. The authorization
 * matrix uses these to prove that another tenant gets NOT_FOUND for them. Add a factory when you
 * add a type that root fields address by id (keyed by the type name; `addressedType` in
 * authorization-matrix.ts maps arguments to type names).
 */
export type ObjectFactory = (server: TestServer, owner: TenantUser) => Promise<string>;

async function create(
  server: TestServer,
  owner: TenantUser,
  mutation: string,
  input: Record<string, unknown>,
): Promise<string> {
  const res = await server.gql(
    `mutation($input: ${inputTypeOf(mutation)}!) { ${mutation}(input: $input) { id } }`,
    { input },
    { token: owner.token },
  );
  if (!res.data?.[mutation]) throw new Error(`${mutation} failed: ${JSON.stringify(res.errors)}`);
  return res.data[mutation].id;
}

const inputTypeOf = (mutation: string) => mutation.charAt(0).toUpperCase() + mutation.slice(1) + 'Input';
const suffix = () => Math.random().toString(36).slice(2, 8);

export const objectFactories: Record<string, ObjectFactory> = {
  Tenant: async (_server, owner) => owner.tenantId,
  User: (server, owner) =>
    create(server, owner, 'createUser', {
      email: `victim-${suffix()}@example.test`,
      name: 'Victim',
      password: 'victim-password',
    }),
  Channel: (server, owner) => create(server, owner, 'createChannel', { code: `c-${suffix()}`, name: 'Channel' }),
  AuthorizationGroup: (server, owner) =>
    create(server, owner, 'createAuthorizationGroup', { name: `Group ${suffix()}`, type: 'USER' }),
  RoleDefinition: (server, owner) =>
    create(server, owner, 'createRoleDefinition', { key: `CUSTOM_${suffix().toUpperCase()}`, name: 'Custom' }),
  ApiKey: async (server, owner) => {
    const res = await server.gql(
      'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { apiKey { id } } }',
      { input: { name: `Victim key ${suffix()}` } },
      { token: owner.token },
    );
    if (!res.data?.createGraphQLApiKey) throw new Error(`cannot create the victim key: ${JSON.stringify(res.errors)}`);
    return res.data.createGraphQLApiKey.apiKey.id as string;
  },
};

/**
 * The factory for a type name: exact, else the longest registered name it starts with (WebhookSecret → Webhook) or that
 * ends with it (Group → AuthorizationGroup).
 */
export function factoryFor(typeName: string): { typeName: string; factory: ObjectFactory } | undefined {
  if (objectFactories[typeName]) return { typeName, factory: objectFactories[typeName] };
  const match = Object.keys(objectFactories)
    .filter((name) => typeName.startsWith(name) || name.endsWith(typeName))
    .sort((a, b) => b.length - a.length)[0];
  return match ? { typeName: match, factory: objectFactories[match]! } : undefined;
}
