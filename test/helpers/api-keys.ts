import type { TestServer } from './harness';

export const KEY_FIELDS = `id kind name description active status expirationState prefix last4 clientId expiresAt ipAllowlist
  rateLimitPerMinute channelId authorizationGroupId grants { roleKey level } effectiveGrants { roleKey level }
  owner { id email } lastUsedAt lastUsedIp revokedAt revokedReason revokedBy { __typename ... on User { id } ... on ApiKey { id } }
  rotatedAt previousSecretExpiresAt previousSecretLastUsedAt previousSecretUseCount createdAt updatedAt
  createdBy { __typename ... on User { id email } ... on ApiKey { id } } updatedBy { __typename ... on User { id } ... on ApiKey { id } }`;

export const CREATE_GRAPHQL = `mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
export const CREATE_REST = `mutation($input: CreateRestCredentialInput!) { createRestCredential(input: $input) { clientId clientSecret apiKey { ${KEY_FIELDS} } } }`;
export const CREATE_PERSONAL = `mutation($title: String!) { createSecretApiKey(title: $title) { secret apiKey { ${KEY_FIELDS} } } }`;
export const UPDATE = `mutation($id: ID!, $input: UpdateApiKeyInput!) { updateApiKey(id: $id, input: $input) { ${KEY_FIELDS} } }`;
export const ROTATE = `mutation($id: ID!, $grace: Int, $expiresAt: DateTime) { rotateApiKey(id: $id, gracePeriodSeconds: $grace, expiresAt: $expiresAt) { secret apiKey { ${KEY_FIELDS} } } }`;
export const REVOKE = `mutation($id: ID!, $reason: String) { revokeApiKey(id: $id, reason: $reason) { ${KEY_FIELDS} } }`;
export const DELETE = `mutation($ids: [ID!]!) { deleteApiKeys(ids: $ids) { deletedIds } }`;
export const GET = `query($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`;
export const LIST = `query($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {
  apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name kind active status expirationState createdAt } } } }`;
export const MY_KEYS = `query($filter: ApiKeyFilter) { mySecretApiKeys(filter: $filter) { totalCount edges { node { ${KEY_FIELDS} } } } }`;
export const UPDATE_OWN = `mutation($id: ID!, $title: String!) { updateSecretApiKey(id: $id, title: $title) { id name } }`;
export const REVOKE_OWN = `mutation($id: ID!) { revokeSecretApiKey(id: $id) { id status revokedAt } }`;
export const DELETE_OWN = `mutation($id: ID!) { deleteSecretApiKey(id: $id) { deletedIds } }`;

/** Every row of every table, as one string (for "no plaintext secret anywhere" checks). */
export async function dumpAllTables(server: TestServer): Promise<string> {
  const ds = server.kw.dataSource;
  const tables: string[] =
    ds.options.type === 'better-sqlite3'
      ? (await ds.query("SELECT name FROM sqlite_master WHERE type = 'table'")).map((r: { name: string }) => r.name)
      : (
          await ds.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
        ).map((r: { name: string }) => r.name);
  const parts: string[] = [];
  for (const table of tables) {
    const q = ds.options.type === 'better-sqlite3' ? `"${table}"` : `\`${table}\``;
    const rows = await ds.query(`SELECT * FROM ${q}`);
    parts.push(`${table}: ${JSON.stringify(rows, (_k, v) => (Buffer.isBuffer(v) ? v.toString('utf8') : v))}`);
  }
  return parts.join('\n');
}

export const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

/** Request metadata for the tests' own keyVerifier.verify calls. */
export const VERIFY_META = { ip: '203.0.113.9', userAgent: 'jest', requestId: 'test' };

/** Verifies `secret` on `server` until the answer is `code` or `ms` have passed; the last answer's code. */
export async function verifyCodeWithin(server: TestServer, secret: string, code: string, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  let last = (await server.kw.services.keyVerifier.verify(secret, VERIFY_META)).code as string;
  while (last !== code && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    last = (await server.kw.services.keyVerifier.verify(secret, VERIFY_META)).code;
  }
  return last;
}
