import { OPERATION_LIMITS } from '../../src/graphql/server';
import { testServerForSuite } from '../helpers/harness';

describe('GraphQL operation limits', () => {
  const server = testServerForSuite();
  let token: string;
  beforeAll(async () => {
    token = await server.adminToken();
  });

  it('accepts an ordinary query', async () => {
    const res = await server.gql('{ me { type tenant { id slug } } }', {}, { token });
    expect(res.errors).toBeUndefined();
  });

  it('rejects too many aliases before execution', async () => {
    const aliases = Array.from({ length: OPERATION_LIMITS.maxAliases + 5 }, (_, i) => `a${i}: me { type }`).join(' ');
    const res = await server.gql(`{ ${aliases} }`, {}, { token });
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/alias/i);
  });

  it('rejects an oversized query document', async () => {
    const res = await server.gql(`{ me { type } } # ${'x'.repeat(OPERATION_LIMITS.maxQueryBytes)}`, {}, { token });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions.field).toBe('query');
  });

  it('answers a syntax error with 400 BAD_USER_INPUT', async () => {
    const res = await server.gql('{ me { type ', {}, { token });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('rejects documents with more tokens than the limit', async () => {
    const fields = Array.from({ length: OPERATION_LIMITS.maxTokens }, () => 'x').join(' ');
    const res = await server.gql(`{ ${fields} }`, {}, { token });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/token/i);
  });

  it('refuses batched requests', async () => {
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: JSON.stringify([{ query: '{ me { type } }' }, { query: '{ me { type } }' }]),
    });
    expect(res.statusCode).toBe(400);
  });

  it('answers 413 with a problem document for bodies over 1 MiB', async () => {
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ me { type } }', variables: { pad: 'x'.repeat(1024 * 1024 + 10) } }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    // RFC 9110 §15.5.14 renamed 413 "Content Too Large"
    expect(JSON.parse(res.body)).toMatchObject({ status: 413, title: 'Content Too Large', code: 'BAD_USER_INPUT' });
  });
});
