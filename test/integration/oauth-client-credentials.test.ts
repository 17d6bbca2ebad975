import net, { type AddressInfo } from 'node:net';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import {
  createTenantUser,
  type TenantUser,
  createChannel,
  insertKey,
  updateKey,
  type TestKey,
} from '../helpers/fixtures';
import { startTestServer, testServerForSuite } from '../helpers/harness';
import { ROTATE } from '../helpers/api-keys';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('OAuth 2.0 client credentials, JWKS, metadata, introspection', () => {
  // a rotated key signs at once here (no activation delay: signing-key-rotation.test.ts tests that)
  const server = testServerForSuite({ signingKeys: { activationDelayMs: 0 } });
  let base: string;
  let tenant: TenantUser;
  let rest: TestKey;
  let channelId: string;
  beforeAll(async () => {
    await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`;
    tenant = await createTenantUser(server, { grants: { ORDER_DATA: 'OWNER' } });
    channelId = (await createChannel(server, tenant.tenantId)).id;
    rest = await insertKey(server, {
      tenantId: tenant.tenantId,
      kind: 'REST',
      grants: { ORDER_DATA: 'EDITOR', PRODUCT_DATA: 'VIEWER' },
      channelId,
    });
  });

  const discover = (key: TestKey, auth: 'basic' | 'post') =>
    client.discovery(
      new URL(base),
      key.clientId!,
      undefined,
      auth === 'basic' ? client.ClientSecretBasic(key.secret) : client.ClientSecretPost(key.secret),
      {
        algorithm: 'oauth2',
        execute: [client.allowInsecureRequests],
      },
    );
  const token = (payload: string, headers: Record<string, string> = {}) =>
    server.kw.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, ...headers }, payload });

  it('publishes RFC 8414 metadata', async () => {
    const res = await fetch(`${base}/.well-known/oauth-authorization-server`);
    const meta = (await res.json()) as Record<string, any>;
    expect(meta).toMatchObject({
      issuer: base,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      introspection_endpoint: `${base}/oauth/introspect`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(meta.scopes_supported).toContain('order_data:editor');
  });

  it('openid-client obtains an RFC 9068 access token (client_secret_basic) that jose verifies against the JWKS', async () => {
    const config = await discover(rest, 'basic');
    const tokens = await client.clientCredentialsGrant(config, { scope: 'order_data:viewer' });
    expect(tokens.token_type?.toLowerCase()).toBe('bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.scope).toBe('order_data:viewer');
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: expect.any(String),
    });
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.access_token, jwks, {
      issuer: base,
      audience: 'keyward',
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      sub: rest.clientId,
      client_id: rest.clientId,
      scope: 'order_data:viewer',
      tenant: tenant.tenantId,
      channel: channelId,
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('client_secret_post works and without scope the token carries every grant of the credential', async () => {
    const config = await discover(rest, 'post');
    const tokens = await client.clientCredentialsGrant(config);
    expect(tokens.scope).toBe('order_data:editor product_data:viewer');
    // and it authenticates GraphQL
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify({ query: '{ me { type grants { roleKey level } } }' }),
    });
    expect(((await res.json()) as any).data.me).toEqual({
      type: 'REST_CLIENT',
      grants: [
        { roleKey: 'ORDER_DATA', level: 'EDITOR' },
        { roleKey: 'PRODUCT_DATA', level: 'VIEWER' },
      ],
    });
  });

  it('answers RFC 6749 §5.2 errors, no-store, WWW-Authenticate on 401', async () => {
    const wrong = await token('grant_type=client_credentials', {
      authorization: basic(rest.clientId!, rest.secret.slice(0, -1) + (rest.secret.endsWith('x') ? 'y' : 'x')),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic realm="keyward"/);
    expect(wrong.headers['cache-control']).toBe('no-store');
    const other = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST' });
    // a valid secret of another client does not authenticate this client id
    expect(
      (await token('grant_type=client_credentials', { authorization: basic(rest.clientId!, other.secret) })).json(),
    ).toMatchObject({ error: 'invalid_client' });
    expect((await token('grant_type=client_credentials')).statusCode).toBe(401);
    const cases: Array<[string, Record<string, string>, number, string]> = [
      ['grant_type=password', { authorization: basic(rest.clientId!, rest.secret) }, 400, 'unsupported_grant_type'],
      ['scope=order_data:viewer', { authorization: basic(rest.clientId!, rest.secret) }, 400, 'invalid_request'],
      [
        'grant_type=client_credentials&grant_type=client_credentials',
        { authorization: basic(rest.clientId!, rest.secret) },
        400,
        'invalid_request',
      ],
      [
        'grant_type=client_credentials&scope=order_data:owner',
        { authorization: basic(rest.clientId!, rest.secret) },
        400,
        'invalid_scope',
      ],
      [
        'grant_type=client_credentials&scope=pricing:viewer',
        { authorization: basic(rest.clientId!, rest.secret) },
        400,
        'invalid_scope',
      ],
      [
        'grant_type=client_credentials&scope=ORDER DATA',
        { authorization: basic(rest.clientId!, rest.secret) },
        400,
        'invalid_scope',
      ],
      [
        `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${rest.secret}`,
        { authorization: basic(rest.clientId!, rest.secret) },
        400,
        'invalid_request',
      ],
    ];
    for (const [payload, headers, status, error] of cases) {
      const res = await token(payload, headers);
      expect({ payload, status: res.statusCode, error: res.json().error }).toEqual({ payload, status, error });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
    const json = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"grant_type":"client_credentials"}',
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toBe('invalid_request');
    const metrics = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/keyward_oauth_tokens_issued_total\{grant_type="client_credentials"\} [1-9]/);
  });

  it('introspects tokens and keys for an authenticated caller of the same tenant (RFC 7662)', async () => {
    const caller = await insertKey(server, { tenantId: tenant.tenantId });
    const key = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST', grants: { ORDER_DATA: 'VIEWER' } });
    const issued = (
      await token('grant_type=client_credentials', { authorization: basic(key.clientId!, key.secret) })
    ).json().access_token as string;
    const introspect = (tok: string, headers: Record<string, string> = { 'x-api-key': caller.secret }) =>
      server.kw.app.inject({
        method: 'POST',
        url: '/oauth/introspect',
        headers: { ...FORM, ...headers },
        payload: `token=${encodeURIComponent(tok)}`,
      });
    expect((await introspect(issued, {})).statusCode).toBe(401);
    const active = (await introspect(issued)).json();
    expect(active).toMatchObject({
      active: true,
      client_id: key.clientId,
      sub: key.clientId,
      scope: 'order_data:viewer',
      tenant: tenant.tenantId,
      token_type: 'Bearer',
    });
    // a REST client may introspect with client_secret_basic
    expect((await introspect(issued, { authorization: basic(key.clientId!, key.secret) })).json().active).toBe(true);
    // raw keys too
    expect((await introspect(caller.secret)).json()).toMatchObject({
      active: true,
      key_id: caller.id,
      kind: 'GRAPHQL',
    });
    expect((await introspect('kwk_garbage')).json()).toEqual({ active: false });
    // a session token
    expect((await introspect(tenant.token)).json()).toMatchObject({
      active: true,
      token_type: 'session',
      sub: tenant.userId,
    });
    // another tenant's caller learns nothing
    const stranger = await createTenantUser(server);
    const strangerKey = await insertKey(server, { tenantId: stranger.tenantId });
    expect((await introspect(issued, { 'x-api-key': strangerKey.secret })).json()).toEqual({ active: false });
    // revoking the REST credential makes its tokens inactive at once
    await updateKey(server, key.id, { revokedAt: new Date() });
    expect((await introspect(issued)).json()).toEqual({ active: false });
    const res = await fetch(`${base}/v1/auth`, { headers: { authorization: `Bearer ${issued}` } });
    expect(res.status).toBe(401);
  });

  it('regression: rotating a REST credential refuses the access tokens minted before (introspect: inactive); one minted right after works', async () => {
    const operator = await createTenantUser(server, {
      tenantId: tenant.tenantId,
      grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER' },
    });
    const key = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST', grants: { ORDER_DATA: 'VIEWER' } });
    const caller = await insertKey(server, { tenantId: tenant.tenantId });
    const mint = async (secret: string) =>
      (await token('grant_type=client_credentials', { authorization: basic(key.clientId!, secret) })).json()
        .access_token as string;
    const authStatus = async (tok: string) =>
      (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { authorization: `Bearer ${tok}` } }))
        .statusCode;
    const introspect = async (tok: string) =>
      (
        await server.kw.app.inject({
          method: 'POST',
          url: '/oauth/introspect',
          headers: { ...FORM, 'x-api-key': caller.secret },
          payload: `token=${encodeURIComponent(tok)}`,
        })
      ).json();
    const before = await mint(key.secret);
    expect(await authStatus(before)).toBe(200);
    const rotated = await server.gql(ROTATE, { id: key.id, grace: 0 }, { token: operator.token });
    expect(rotated.errors).toBeUndefined();
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/v1/auth',
      headers: { authorization: `Bearer ${before}` },
    });
    expect([res.statusCode, res.json().detail]).toEqual([401, 'The credential has been revoked']);
    expect(await introspect(before)).toEqual({ active: false });
    // minted within the same second as the rotation, with the new secret: valid (no whole-second iat rule)
    const after = await mint(rotated.data!.rotateApiKey.secret);
    expect(await authStatus(after)).toBe(200);
    expect(await introspect(after)).toMatchObject({ active: true, client_id: key.clientId });
  });

  it('answers an expired token by its credential first: REVOKED or INACTIVE before EXPIRED (docs/design.md §6 check order)', async () => {
    const key = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST', grants: { ORDER_DATA: 'VIEWER' } });
    const claims = { client_id: key.clientId, scope: 'order_data:viewer', tenant: tenant.tenantId, channel: null };
    const { token: expired } = await server.kw.signingKeys.sign(claims, {
      audience: 'keyward',
      subject: key.clientId!,
      expiresInSeconds: -60,
      typ: 'at+jwt',
    });
    const refusal = async () => {
      const res = await server.kw.app.inject({
        method: 'GET',
        url: '/v1/auth',
        headers: { authorization: `Bearer ${expired}` },
      });
      expect(res.statusCode).toBe(401);
      return res.json().detail as string;
    };
    expect(await refusal()).toBe('The credential has expired');
    await updateKey(server, key.id, { active: false });
    expect(await refusal()).toBe('The credential is inactive');
    await updateKey(server, key.id, { revokedAt: new Date() });
    expect(await refusal()).toBe('The credential has been revoked');
    // a forged expired token (not signed by Keyward) says nothing about any credential
    const [header, payload] = expired.split('.');
    expect(
      (
        await server.kw.app.inject({
          method: 'GET',
          url: '/v1/auth',
          headers: { authorization: `Bearer ${header}.${payload}.${'A'.repeat(86)}` },
        })
      ).json().detail,
    ).toBe('Invalid API key or access token');
  });

  it('refuses repeated Authorization headers (Node would keep only the first) with 400 invalid_request or 401', async () => {
    const { port } = server.kw.app.server.address() as AddressInfo;
    // raw HTTP: fetch and Node's client join or refuse repeated headers; a gateway may pass them on
    const raw = (lines: string[], body = '') =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        // written, not ended: the server answers and closes (Connection: close)
        const socket = net.connect(port, '127.0.0.1', () =>
          socket.write(
            [
              ...lines,
              `Host: 127.0.0.1:${port}`,
              `Content-Length: ${Buffer.byteLength(body)}`,
              'Connection: close',
              '',
              body,
            ].join('\r\n'),
          ),
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text }));
        socket.on('error', reject);
      });
    const key = await insertKey(server, { tenantId: tenant.tenantId });
    const forward = await raw([
      'GET /v1/auth HTTP/1.1',
      `Authorization: Bearer ${key.secret}`,
      'Authorization: Bearer kwk_someone_elses',
    ]);
    expect(forward.status).toBe(401);
    expect(forward.text).toContain('Send one Authorization header, not 2');
    expect((await raw(['GET /v1/auth HTTP/1.1', `Authorization: Bearer ${key.secret}`])).status).toBe(200);
    const issued = await raw(
      [
        'POST /oauth/token HTTP/1.1',
        `Content-Type: ${FORM['content-type']}`,
        `Authorization: ${basic(rest.clientId!, rest.secret)}`,
        'Authorization: Basic b3RoZXI6b3RoZXI=',
      ],
      'grant_type=client_credentials',
    );
    expect(issued.status).toBe(400);
    expect(issued.text).toMatch(/"error":"invalid_request"/);
    expect(issued.text).not.toContain('access_token');
  });

  it('publishes the current and the previous signing key; tokens signed before a rotation stay valid', async () => {
    // issued over the real listener, so the issuer is the base URL (KEYWARD_ISSUER unset: derived from the request)
    const issue = async () =>
      (
        (await (
          await fetch(`${base}/oauth/token`, {
            method: 'POST',
            headers: { ...FORM, authorization: basic(rest.clientId!, rest.secret) },
            body: 'grant_type=client_credentials',
          })
        ).json()) as { access_token: string }
      ).access_token;
    const before = await issue();
    await server.kw.signingKeys.rotate();
    const jwksDoc = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwksDoc.keys).toHaveLength(2);
    for (const k of jwksDoc.keys) {
      expect(k).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(k.d).toBeUndefined();
    }
    const after = await issue();
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    for (const t of [before, after])
      await expect(jwtVerify(t, jwks, { issuer: base, audience: 'keyward' })).resolves.toBeDefined();
    expect((await fetch(`${base}/v1/auth`, { headers: { authorization: `Bearer ${before}` } })).status).toBe(200);
  });
});

describe('with KEYWARD_ISSUER set', () => {
  it('issues tokens with that iss, publishes it, and refuses tokens of any other iss (RFC 9068 §4)', async () => {
    const issuer = 'https://keyward.example.test';
    const server = await startTestServer({ env: { KEYWARD_ISSUER: issuer } });
    try {
      const tenant = await createTenantUser(server);
      const rest = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST' });
      const res = await server.kw.app.inject({
        method: 'POST',
        url: '/oauth/token',
        headers: { ...FORM, authorization: basic(rest.clientId!, rest.secret) },
        payload: 'grant_type=client_credentials',
      });
      const token = res.json().access_token as string;
      expect(decodeJwt(token).iss).toBe(issuer);
      expect(
        (await server.kw.app.inject({ method: 'GET', url: '/.well-known/oauth-authorization-server' })).json().issuer,
      ).toBe(issuer);
      const auth = async (t: string) =>
        (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { authorization: `Bearer ${t}` } }))
          .statusCode;
      expect(await auth(token)).toBe(200);
      // signed with Keyward's own key, but for another issuer
      const claims = { client_id: rest.clientId, scope: '', tenant: tenant.tenantId, channel: null };
      const foreign = await server.kw.signingKeys.sign(claims, {
        audience: 'keyward',
        subject: rest.clientId!,
        expiresInSeconds: 60,
        typ: 'at+jwt',
        issuer: 'https://elsewhere.example.test',
      });
      expect(await auth(foreign.token)).toBe(401);
    } finally {
      await server.close();
    }
  });
});
