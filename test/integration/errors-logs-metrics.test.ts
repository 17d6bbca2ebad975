import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, testServerForSuite } from '../helpers/harness';

const SIGN_IN = 'mutation SignIn($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }';
const SECRET_DETAIL = 'connection string mysql://kw:hunter2@db/keyward failed at /srv/app/secret.ts:42';

describe('errors, logs and metrics', () => {
  const server = testServerForSuite();
  beforeAll(async () => {
    // A REST route that fails unexpectedly (registered before the app handles its first request).
    server.kw.app.get('/test/boom', async () => {
      throw new Error(SECRET_DETAIL);
    });
  });

  describe('an unexpected error in a service', () => {
    const original = () => server.kw.services.tenants.current;
    let saved: ReturnType<typeof original>;
    beforeEach(() => {
      saved = original();
    });
    afterEach(() => {
      server.kw.services.tenants.current = saved;
    });

    it('reaches a GraphQL client masked, and the log has it with the request id', async () => {
      server.kw.services.tenants.current = async () => {
        throw new TypeError(SECRET_DETAIL);
      };
      const res = await server.gql(
        '{ tenant { id } }',
        {},
        { token: await server.adminToken(), headers: { 'x-request-id': 'req-masked-1' } },
      );
      expect(res.headers['x-request-id']).toBe('req-masked-1');
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        {
          message: 'Internal server error',
          path: ['tenant'],
          locations: [{ line: 1, column: 3 }],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ]);
      expect(JSON.stringify(res)).not.toContain('hunter2');

      const logged = server.logs.lines
        .map((l) => JSON.parse(l))
        .filter((l) => l.msg === 'unexpected error in GraphQL request');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({
        level: 50,
        reqId: 'req-masked-1',
        requestId: 'req-masked-1',
        path: ['tenant'],
      });
      expect(logged[0].err.message).toBe(SECRET_DETAIL);
      expect(logged[0].err.type).toBe('TypeError');
      expect(logged[0].err.stack).toContain('errors-logs-metrics.test.ts');
    });

    it('answers SERVICE_UNAVAILABLE when a dependency is down', async () => {
      server.kw.services.tenants.current = async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:3306'), { code: 'ECONNREFUSED' });
      };
      const res = await server.gql('{ tenant { id } }', {}, { token: await server.adminToken() });
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: 'A dependency is unavailable; retry later',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        }),
      ]);
      expect(JSON.stringify(res)).not.toContain('10.1.2.3');
    });
  });

  it('masks unexpected REST errors as problem+json with the request id', async () => {
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/test/boom?x=1',
      headers: { 'x-request-id': 'req-rest-1' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'Internal server error',
      code: 'INTERNAL_SERVER_ERROR',
      instance: '/test/boom',
      requestId: 'req-rest-1',
    });
    const logged = server.logs.lines
      .map((l) => JSON.parse(l))
      .filter((l) => l.reqId === 'req-rest-1' && l.level === 50);
    expect(logged).toHaveLength(1);
    expect(logged[0].err.message).toBe(SECRET_DETAIL);
  });

  it('gives every request an id, and ignores an unsafe incoming one', async () => {
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs credentials sent in headers', async () => {
    const token = await server.adminToken();
    await server.gql('{ me { type } }', {}, { token });
    await server.gql('{ me { type } }', {}, { headers: { 'x-api-key': 'kwk_notarealkeybutsecret000000000000000' } });
    expect(server.logs.text).not.toContain(token);
    expect(server.logs.text).not.toContain('notarealkeybutsecret');
    expect(server.logs.text).not.toContain(ADMIN_PASSWORD);
  });

  it('answers an unknown route or method with a 404 problem document that names it', async () => {
    for (const [method, url] of [
      ['GET', '/no/such/route?x=1'],
      ['DELETE', '/healthz'],
    ] as const) {
      const res = await server.kw.app.inject({ method, url, headers: { 'x-request-id': 'req-404-1' } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['x-request-id']).toBe('req-404-1');
      expect(res.json()).toEqual({
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        code: 'NOT_FOUND',
        detail: `No route ${method} ${url.split('?')[0]}`,
        instance: url.split('?')[0],
        requestId: 'req-404-1',
      });
    }
  });

  it('/metrics exposes request durations by route and status, GraphQL operations, errors by code, and the database pool', async () => {
    await server.gql(SIGN_IN, { e: ADMIN_EMAIL, p: ADMIN_PASSWORD });
    await server.gql(SIGN_IN, { e: ADMIN_EMAIL, p: 'wrong password!' });
    await server.gql('{ me { type ');
    await server.kw.app.inject({ method: 'GET', url: '/healthz' });
    const before = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    const unmatchedBefore = Number(
      /^keyward_http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} (\d+)$/m.exec(
        before.body,
      )?.[1] ?? 0,
    );
    await server.kw.app.inject({ method: 'GET', url: '/no/such/route/12345' });

    const res = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const metrics = res.body;
    const value = (series: string) => {
      const line = metrics.split('\n').find((l) => l.startsWith(series + ' '));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    expect(
      value('keyward_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('keyward_http_request_duration_seconds_count{method="POST",route="/graphql",status="401"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('keyward_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(
      value('keyward_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/healthz",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    // Unknown paths share one label value (no unbounded label cardinality).
    expect(metrics).not.toContain('/no/such/route');
    expect(value('keyward_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}')).toBe(
      unmatchedBefore + 1,
    );
    // every route has its duration recorded under its own URL template, routes in plugins included
    expect(
      value('keyward_http_request_duration_seconds_count{method="GET",route="/metrics",status="200"}'),
    ).toBeGreaterThanOrEqual(1);

    // the harness signs in too: at least the two above, labelled by root field, not by the name SignIn
    expect(value('keyward_graphql_operations_total{type="mutation",field="login"}')).toBeGreaterThanOrEqual(2);
    expect(metrics).not.toContain('SignIn');
    expect(value('keyward_graphql_errors_total{code="UNAUTHENTICATED"}')).toBeGreaterThanOrEqual(1);
    expect(value('keyward_graphql_errors_total{code="BAD_USER_INPUT"}')).toBe(1);
    expect(value('keyward_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}')).toBe(1);
    expect(value('keyward_graphql_errors_total{code="SERVICE_UNAVAILABLE"}')).toBe(1);

    expect(value('keyward_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(value('keyward_db_pool_connections_max')).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain('keyward_process_cpu_seconds_total');
  });

  it('/metrics follows Prometheus naming: only counters end in _total', async () => {
    const res = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    const types = [...res.body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => ({ name, type }));
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter((t) => t.type === 'gauge').map((t) => t.name)).toContain('keyward_nodejs_active_handles');
    expect(types.filter((t) => t.type !== 'counter' && t.name.endsWith('_total'))).toEqual([]);
    expect(types.filter((t) => t.type === 'counter' && !t.name.endsWith('_total'))).toEqual([]);
  });
});

describe('metric labels', () => {
  const server = testServerForSuite();

  it('regression: 10,000 distinct operation names add no series (labels are root fields or "other")', async () => {
    const series = async () => {
      const body = (await server.kw.app.inject({ method: 'GET', url: '/metrics' })).body;
      return body.split('\n').filter((line) => line.startsWith('keyward_graphql_operations_total{'));
    };
    await server.gql('query Warm { __typename }');
    await server.gql('query Warm { me { type } }');
    const before = await series();
    for (let i = 0; i < 10_000; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) =>
          server.gql(`query N${i + j}_${'x'.repeat(200)} { ${(i + j) % 100 ? '__typename' : 'me { type }'} }`),
        ),
      );
    }
    const after = await series();
    expect(after.map((line) => line.split(' ')[0])).toEqual(before.map((line) => line.split(' ')[0]));
    expect(after.join('\n')).not.toContain('N9999');
    expect(after).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^keyward_graphql_operations_total\{type="query",field="me"\} 101$/),
        expect.stringMatching(/^keyward_graphql_operations_total\{type="query",field="other"\} 9901$/),
      ]),
    );
  }, 120_000);
});

describe('NODE_ENV', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('development: Apollo Sandbox landing page and introspection', async () => {
    const server = await startTestServer();
    try {
      const page = await server.kw.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('embeddable-sandbox');
      const res = await server.gql(INTROSPECT);
      expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await server.close();
    }
  });

  it('production: no landing page, no introspection, no stack traces', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const page = await server.kw.app.inject({ method: 'GET', url: '/graphql', headers: { accept: 'text/html' } });
      expect(page.body).not.toContain('embeddable-sandbox');
      expect(page.body).not.toContain('<html');
      const res = await server.gql(INTROSPECT);
      expect(res.data).toBeUndefined();
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.message).toContain('introspection is not allowed');
      server.kw.services.tenants.current = async () => {
        throw new Error('deep internal detail');
      };
      const failed = await server.gql('{ tenant { id } }', {}, { token: await server.adminToken() });
      expect(failed.errors![0]).toEqual(
        expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      );
      expect(JSON.stringify(failed)).not.toMatch(/stack|deep internal/);
    } finally {
      await server.close();
    }
  });
});
