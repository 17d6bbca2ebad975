import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { CacheInvalidation } from '../../src/auth/cache-invalidation';
import { SessionCache, type LoadedSession } from '../../src/auth/session-cache';
import { sessionCacheInvalidation } from '../../src/auth/session-cache-invalidation';
import { GrantSet, Principal } from '../../src/core/principal';
import type { TransactionRunner } from '../../src/db/transaction-runner';

const log = pino({ level: 'silent' });
const ALWAYS = () => true;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function entry(userId: string, tenantId = 't1', exp = inAnHour(), kid = 'k1'): LoadedSession {
  return {
    principal: new Principal({
      type: 'USER',
      tenantId,
      userId,
      grants: new GrantSet([{ roleKey: 'ORDER_DATA', level: 'VIEWER' }]),
    }),
    exp,
    kid,
  };
}

/** Loads `session` into the cache as the service does after a miss. */
const put = (cache: SessionCache, cacheKey: string, session: LoadedSession) =>
  cache.load(cacheKey, async () => session);

/** A load that finishes when told: what a drop during it does. */
function pending(cache: SessionCache, cacheKey: string) {
  let finish!: (session: LoadedSession) => void;
  let loads = 0;
  const load = () => (loads++, new Promise<LoadedSession>((resolve) => (finish = resolve)));
  return {
    start: () => cache.load(cacheKey, load),
    finish: (session: LoadedSession) => finish(session),
    loads: () => loads,
  };
}

describe('SessionCache', () => {
  it('holds at most maxEntries, the least recently used out first', async () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log), 3);
    for (const key of ['a', 'b', 'c']) await put(cache, key, entry(key));
    expect(cache.get('a', Date.now(), ALWAYS)).toBeDefined(); // a is now the most recent
    await put(cache, 'd', entry('d'));
    expect(cache.size).toBe(3);
    expect(cache.get('b', Date.now(), ALWAYS)).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(cache.get(key, Date.now(), ALWAYS)).toBeDefined();
  });

  it('refuses an entry past its exp (5 s tolerance), past the cache TTL, or of a signing key no longer verifying', async () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log));
    const now = Date.now();
    const exp = Math.floor(now / 1000) + 10;
    await put(cache, 's', entry('u', 't1', exp));
    expect(cache.get('s', now + 14_000, ALWAYS)).toBeDefined();
    expect(cache.get('s', (exp + 5) * 1000, ALWAYS)).toBeUndefined();
    await put(cache, 's', entry('u'));
    expect(cache.get('s', now + 61_000, ALWAYS)).toBeUndefined();
    await put(cache, 's', entry('u'));
    expect(cache.get('s', Date.now(), (kid) => kid !== 'k1')).toBeUndefined();
    // a token without exp or kid is not kept
    await put(cache, 's', { principal: entry('u').principal, exp: undefined, kid: 'k1' });
    expect(cache.size).toBe(0);
  });

  it('does not store a load begun before a drop of its user, its tenant or all; other drops do not matter', async () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log));
    const drops: Array<[string, () => void, boolean]> = [
      ['another user', () => cache.invalidateUser('someone-else'), true],
      ['another tenant', () => cache.invalidateTenant('t2'), true],
      ['its user', () => cache.invalidateUser('u1'), false],
      ['its tenant', () => cache.invalidateTenant('t1'), false],
      ['all', () => cache.dropAll(), false],
    ];
    for (const [what, drop, stored] of drops) {
      const load = pending(cache, what);
      const principal = load.start();
      drop();
      load.finish(entry('u1', 't1'));
      expect((await principal).userId).toBe('u1');
      expect([what, cache.get(what, Date.now(), ALWAYS) !== undefined]).toEqual([what, stored]);
    }
  });

  it('concurrent misses share one load; one that joined after a drop that concerns it loads afresh', async () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log));
    const shared = pending(cache, 'shared');
    const together = [shared.start(), shared.start(), shared.start()];
    shared.finish(entry('u1'));
    expect((await Promise.all(together)).map((p) => p.userId)).toEqual(['u1', 'u1', 'u1']);
    expect(shared.loads()).toBe(1);

    const first = pending(cache, 'again');
    const before = first.start();
    cache.invalidateUser('u1');
    const after = first.start(); // joins, then loads afresh: the first load may have read the old state
    first.finish(entry('u1'));
    await before;
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.loads()).toBe(2);
    first.finish(entry('u1'));
    await after;
    expect(cache.get('again', Date.now(), ALWAYS)).toBeDefined();
  });

  it("drops by user, tenant, all; a key id is not the session cache's", async () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log));
    await put(cache, 'u1', entry('u1', 't1'));
    await put(cache, 'u2', entry('u2', 't1'));
    await put(cache, 'u3', entry('u3', 't2'));
    cache.received('session:user:u1');
    expect(cache.get('u1', Date.now(), ALWAYS)).toBeUndefined();
    cache.received('u2'); // a key id: not the session cache's
    expect(cache.get('u2', Date.now(), ALWAYS)).toBeDefined();
    cache.received('session:tenant:t1');
    expect(cache.get('u2', Date.now(), ALWAYS)).toBeUndefined();
    expect(cache.get('u3', Date.now(), ALWAYS)).toBeDefined();
    cache.dropAll();
    expect(cache.size).toBe(0);
  });

  it('stores nothing with a TTL of 0 or once the channel is closed', async () => {
    const off = new SessionCache(new CacheInvalidation(0, undefined, log));
    await put(off, 's', entry('u'));
    expect(off.size).toBe(0);
    const channel = new CacheInvalidation(60_000, undefined, log);
    const closed = new SessionCache(channel);
    channel.close();
    await put(closed, 's', entry('u'));
    expect(closed.size).toBe(0);
  });
});

describe('sessionCacheInvalidation', () => {
  const em = {} as EntityManager;
  const tx = { afterCommit: (_em: EntityManager, callback: () => void) => callback() } as unknown as TransactionRunner;
  const principal = Principal.system('t1');

  it.each([
    ['user.updated', 'User', 'user u1'],
    ['user.grants_updated', 'User', 'user u1'],
    ['user.sessions_revoked', 'User', 'user u1'],
    ['authorization_group.updated', 'AuthorizationGroup', 'tenant t1'],
    ['authorization_group.deleted', 'AuthorizationGroup', 'tenant t1'],
    ['role_definition.deleted', 'RoleDefinition', 'tenant t1'],
    ['tenant.updated', 'Tenant', 'tenant t1'],
    ['user.created', 'User', 'nothing'],
    ['auth.login_failed', 'User', 'nothing'],
    ['auth.login_succeeded', 'User', 'nothing'],
    ['authorization_group.created', 'AuthorizationGroup', 'nothing'],
    ['role_definition.created', 'RoleDefinition', 'nothing'],
    ['role_definition.updated', 'RoleDefinition', 'nothing'],
    ['api_key.revoked', 'ApiKey', 'nothing'],
  ])('%s drops %s', async (action, targetType, expected) => {
    const dropped: string[] = [];
    const sessions = {
      invalidateUser: (id: string) => dropped.push(`user ${id}`),
      invalidateTenant: (id: string) => dropped.push(`tenant ${id}`),
    } as unknown as SessionCache;
    await sessionCacheInvalidation(tx, sessions).write(em, principal, {
      action,
      tenantId: 't1',
      targetType,
      targetId: targetType === 'User' ? 'u1' : 'x',
    });
    expect(dropped.join(', ') || 'nothing').toBe(expected);
  });
});
