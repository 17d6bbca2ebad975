import Fastify, { type FastifyInstance } from 'fastify';
import type { KeyAuthDeps } from '../../src/auth/key-authentication';
import { unauthenticated } from '../../src/core/errors';
import { GrantSet, Principal } from '../../src/core/principal';
import { problemErrorHandler } from '../../src/http/problem';
import { callerOf, declareRoutes, PUBLIC, registerRouteAuth, type RouteAuthCheck } from '../../src/http/route-auth';

/** Session-shaped bearer tokens (three dot-separated parts) → the principal they stand for. */
const SESSIONS: Record<string, Principal> = {
  'session.viewer.t': new Principal({
    type: 'USER',
    tenantId: 't1',
    userId: 'u-viewer',
    grants: new GrantSet([{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }]),
  }),
  'session.editor.t': new Principal({
    type: 'USER',
    tenantId: 't1',
    userId: 'u-editor',
    grants: new GrantSet([{ roleKey: 'AUDIT_LOG', level: 'EDITOR' }]),
  }),
  'session.owner.t': new Principal({
    type: 'USER',
    tenantId: 't1',
    userId: 'u-owner',
    grants: new GrantSet([{ roleKey: 'AUDIT_LOG', level: 'OWNER' }]),
  }),
};

function fakeDeps(): KeyAuthDeps & { sessionLookups: number } {
  const deps = {
    sessionLookups: 0,
    keyVerifier: {} as KeyAuthDeps['keyVerifier'],
    accessTokens: {} as KeyAuthDeps['accessTokens'],
    failedAuth: {
      retryAfter: () => undefined,
      recordFailure: async () => undefined,
    } as unknown as KeyAuthDeps['failedAuth'],
    auth: {
      principalFromSession: async (token: string) => {
        deps.sessionLookups++;
        const principal = SESSIONS[token];
        if (!principal) throw unauthenticated('Invalid session');
        return principal;
      },
    },
  };
  return deps;
}

/** A bare app with the REST authorization mechanism and the app's error handler (problem documents). */
function bareApp(deps = fakeDeps()): FastifyInstance & { routeAuth: RouteAuthCheck } {
  const app = Fastify();
  const routeAuth = registerRouteAuth(app, deps);
  app.setErrorHandler(problemErrorHandler);
  return Object.assign(app, { routeAuth });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('REST routes fail closed: every route declares who may call it (config.auth)', () => {
  it('refuses to start when routes declare no requirement, and names them', () => {
    const app = bareApp();
    app.get('/declared', { config: { auth: PUBLIC } }, async () => 'ok');
    app.get('/unguarded', async () => 'leak');
    app.route({ method: ['POST', 'PUT'], url: '/also-unguarded', config: {}, handler: async () => 'leak' });
    expect(() => app.routeAuth.assertAllDeclared()).toThrow(
      /^Refusing to start: these REST routes declare no config\.auth .*: GET \/unguarded, HEAD \/unguarded, POST,PUT \/also-unguarded$/,
    );
  });

  it('refuses the routes a plugin adds unless they are declared with declareRoutes, and only while it runs', async () => {
    const plugin = async (scope: FastifyInstance) => {
      scope.get('/plugin-route', async () => 'plugin');
    };
    const app = bareApp();
    await app.register(plugin);
    expect(() => app.routeAuth.assertAllDeclared()).toThrow(/: GET \/plugin-route, HEAD \/plugin-route$/);

    const declared = bareApp();
    await declareRoutes(declared, PUBLIC, () => declared.register(plugin));
    declared.get('/afterwards', async () => 'leak');
    expect(() => declared.routeAuth.assertAllDeclared()).toThrow(/: GET \/afterwards, HEAD \/afterwards$/);
    expect((await declared.inject({ method: 'GET', url: '/plugin-route' })).body).toBe('plugin');
  });

  it('starts when every route declares one', async () => {
    const app = bareApp();
    app.get('/public', { config: { auth: PUBLIC } }, async () => 'ok');
    app.get('/own', { config: { auth: { kind: 'credential', credential: 'github-signature' } } }, async () => 'ok');
    app.get('/any', { config: { auth: { kind: 'authenticated' } } }, async () => 'ok');
    app.get('/role', { config: { auth: { kind: 'auth', role: 'AUDIT_LOG', level: 'VIEWER' } } }, async () => 'ok');
    expect(() => app.routeAuth.assertAllDeclared()).not.toThrow();
    await expect(app.ready()).resolves.toBeDefined();
  });
});

describe('REST route requirements are enforced by the rule of the GraphQL directives', () => {
  it('a role and level: 401 anonymous or refused credential, 403 one level below, the principal for the level and above', async () => {
    const deps = fakeDeps();
    const app = bareApp(deps);
    app.get('/edit', { config: { auth: { kind: 'auth', role: 'AUDIT_LOG', level: 'EDITOR' } } }, async (request) => ({
      userId: callerOf(request).userId,
    }));

    const anonymous = await app.inject({ method: 'GET', url: '/edit' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="keyward"');
    expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'Authentication required' });
    expect((await app.inject({ method: 'GET', url: '/edit', headers: bearer('session.nobody.t') })).statusCode).toBe(
      401,
    );

    const below = await app.inject({ method: 'GET', url: '/edit', headers: bearer('session.viewer.t') });
    expect(below.statusCode).toBe(403);
    expect(below.json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      detail: 'Requires AUDIT_LOG at level EDITOR or higher',
    });

    expect((await app.inject({ method: 'GET', url: '/edit', headers: bearer('session.editor.t') })).json()).toEqual({
      userId: 'u-editor',
    });
    expect((await app.inject({ method: 'GET', url: '/edit', headers: bearer('session.owner.t') })).json()).toEqual({
      userId: 'u-owner',
    });
  });

  it('guards the HEAD route Fastify adds for a GET, authenticating once per request', async () => {
    const deps = fakeDeps();
    const app = bareApp(deps);
    app.get('/edit', { config: { auth: { kind: 'auth', role: 'AUDIT_LOG', level: 'EDITOR' } } }, async () => 'secret');
    expect((await app.inject({ method: 'HEAD', url: '/edit' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'HEAD', url: '/edit', headers: bearer('session.viewer.t') })).statusCode).toBe(
      403,
    );
    deps.sessionLookups = 0;
    expect((await app.inject({ method: 'HEAD', url: '/edit', headers: bearer('session.editor.t') })).statusCode).toBe(
      200,
    );
    expect(deps.sessionLookups).toBe(1);
  });

  it("authenticated: any principal passes; the 401 carries the route's message", async () => {
    const app = bareApp();
    app.post(
      '/any',
      { config: { auth: { kind: 'authenticated', message: 'Send a key to do this' } } },
      async (request) => ({ userId: callerOf(request).userId }),
    );
    const anonymous = await app.inject({ method: 'POST', url: '/any' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'Send a key to do this' });
    expect((await app.inject({ method: 'POST', url: '/any', headers: bearer('session.viewer.t') })).json()).toEqual({
      userId: 'u-viewer',
    });
  });

  it('checks after parsing and validation, before the handler (a malformed body still answers 400)', async () => {
    const app = bareApp();
    let handled = 0;
    const schema = { body: { type: 'object', required: ['key'], properties: { key: { type: 'string' } } } };
    app.post('/verify-like', { schema, config: { auth: { kind: 'authenticated' } } }, async () => ++handled);
    expect((await app.inject({ method: 'POST', url: '/verify-like', payload: {} })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/verify-like', payload: { key: 'k' } })).statusCode).toBe(401);
    expect(handled).toBe(0);
  });

  it('public and own-credential routes get no check: no credential is looked at, and no caller is handed to them', async () => {
    const deps = fakeDeps();
    const app = bareApp(deps);
    app.get('/public', { config: { auth: PUBLIC } }, async () => 'ok');
    app.get(
      '/own',
      { config: { auth: { kind: 'credential', credential: 'oauth-client' } } },
      async (request) => callerOf(request).userId,
    );
    expect((await app.inject({ method: 'GET', url: '/public', headers: bearer('session.nobody.t') })).body).toBe('ok');
    // reading a caller the route's requirement did not check is a server bug, not a pass
    expect((await app.inject({ method: 'GET', url: '/own', headers: bearer('session.viewer.t') })).statusCode).toBe(
      500,
    );
    expect(deps.sessionLookups).toBe(0);
  });
});
