/**
 * CSRF / cross-site requests against /graphql. Keyward authenticates with headers only
 * (Authorization / X-API-Key, never a cookie), and Apollo's CSRF prevention refuses "simple"
 * requests a browser would send cross-site without a preflight. These tests pin both facts.
 */
import { testServerForSuite } from '../helpers/harness';

const server = testServerForSuite();

describe('cross-site requests to /graphql', () => {
  it('refuses a simple cross-site POST (text/plain or form body) without executing it', async () => {
    const token = await server.adminToken();
    const before = await server.gql('{ channels(first: 100) { totalCount } }', {}, { token });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await server.kw.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': type, authorization: `Bearer ${token}` },
        payload: JSON.stringify({ query: 'mutation { createChannel(input: { code: "csrf", name: "CSRF" }) { id } }' }),
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    const after = await server.gql('{ channels(first: 100) { totalCount } }', {}, { token });
    expect(after.data).toEqual(before.data);
  });

  it('refuses a GET without a preflight-forcing header, and never runs a mutation over GET', async () => {
    const token = await server.adminToken();
    const simple = await server.kw.app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('{ me { __typename } }')}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(simple.statusCode).toBe(400);
    expect(simple.body).toMatch(/CSRF|preflight/i);
    const mutation = await server.kw.app.inject({
      method: 'GET',
      url: `/graphql?query=${encodeURIComponent('mutation { createChannel(input: { code: "csrf2", name: "CSRF" }) { id } }')}`,
      headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    });
    expect(mutation.statusCode).toBeGreaterThanOrEqual(400);
    expect(mutation.statusCode).toBeLessThan(500);
    const channels = await server.gql('{ channels(first: 100) { edges { node { code } } } }', {}, { token });
    expect(JSON.stringify(channels.data)).not.toContain('csrf');
  });

  it('does not authenticate from a cookie (a browser would attach it cross-site)', async () => {
    const token = await server.adminToken();
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: {
        'content-type': 'application/json',
        cookie: `token=${token}; session=${token}; authorization=Bearer%20${token}`,
      },
      payload: JSON.stringify({ query: '{ me { __typename } }' }),
    });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
