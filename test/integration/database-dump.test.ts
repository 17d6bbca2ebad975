/**
 * Threat: a leaked database dump (SECURITY.md). After every kind of secret has been issued — user
 * password, GRAPHQL/PERSONAL keys, REST client secret, OAuth access token (which creates the
 * signing key), webhook signing secret — a full dump of every table holds none of them in plain
 * text, and no private signing key material.
 */
import { ADMIN_PASSWORD, testServerForSuite } from '../helpers/harness';
import { CREATE_GRAPHQL, CREATE_PERSONAL, CREATE_REST } from '../helpers/api-keys';

const server = testServerForSuite();

async function dumpEverything(): Promise<string> {
  const parts: string[] = [];
  for (const metadata of server.kw.dataSource.entityMetadatas) {
    const rows = await server.kw.dataSource.query(
      `SELECT * FROM ${server.kw.dataSource.driver.escape(metadata.tableName)}`,
    );
    parts.push(`${metadata.tableName}\n${JSON.stringify(rows)}`);
  }
  return parts.join('\n');
}

it('a dump of every table holds no password, key secret, client secret, access token, webhook secret or private signing key', async () => {
  const token = await server.adminToken();
  const graphql = await server.gql(
    CREATE_GRAPHQL,
    { input: { name: 'dump key', active: true, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] } },
    { token },
  );
  const personal = await server.gql(CREATE_PERSONAL, { title: 'dump personal' }, { token });
  const rest = await server.gql(
    CREATE_REST,
    { input: { name: 'dump client', active: true, grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
    { token },
  );
  const webhook = await server.gql(
    'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret } }',
    { input: { url: 'https://hooks.example.test/x', events: ['api_key.created'] } },
    { token },
  );
  for (const res of [graphql, personal, rest, webhook]) expect(res.errors).toBeUndefined();
  const { clientId, clientSecret } = rest.data!.createRestCredential;
  const issued = await server.kw.app.inject({
    method: 'POST',
    url: '/oauth/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    payload: 'grant_type=client_credentials',
  });
  expect(issued.statusCode).toBe(200);
  const accessToken = JSON.parse(issued.body).access_token as string;

  const dump = await dumpEverything();
  const secrets = {
    password: ADMIN_PASSWORD,
    graphqlKey: graphql.data!.createGraphQLApiKey.secret,
    personalKey: personal.data!.createSecretApiKey.secret,
    clientSecret,
    accessToken,
    accessTokenSignature: accessToken.split('.')[2]!,
    sessionToken: token,
    webhookSecret: webhook.data!.createWebhook.signingSecret,
    webhookSecretBody: String(webhook.data!.createWebhook.signingSecret).replace(/^whsec_/, ''),
  };
  for (const [name, secret] of Object.entries(secrets))
    expect({ name, found: dump.includes(secret) }).toEqual({ name, found: false });
  expect(dump).not.toMatch(/whsec_/);
  expect(dump).not.toMatch(/PRIVATE KEY/);
  // A private JWK carries "d"; the stored public JWK must not.
  const signingKeys: Array<{ publicJwk: string; privateKeySealed: string }> =
    await server.kw.dataSource.query('SELECT * FROM signing_key');
  expect(signingKeys.length).toBeGreaterThan(0);
  for (const row of signingKeys) {
    expect(JSON.parse(row.publicJwk)).not.toHaveProperty('d');
    expect(row.privateKeySealed).not.toMatch(/"d"\s*:|BEGIN/);
  }
  // The clientId is public by design and stored as is.
  expect(dump).toContain(clientId);
});
