import pino from 'pino';
import type { EntityManager } from 'typeorm';
import { CacheInvalidation } from '../../src/auth/cache-invalidation';
import { SessionCache } from '../../src/auth/session-cache';
import { sessionCacheInvalidation } from '../../src/auth/session-cache-invalidation';
import { GrantSet, Principal } from '../../src/core/principal';
import type { TransactionRunner } from '../../src/db/transaction-runner';

const log = pino({ level: 'silent' });
const ALWAYS = () => true;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

function entry(userId: string, tenantId = 't1', exp = inAnHour(), kid = 'k1') {
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

describe('SessionCache', () => {
  it('holds at most maxEntries, the least recently used out first', () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log), 3);
    for (const key of ['a', 'b', 'c']) cache.set(key, entry(key), cache.mark());
    expect(cache.get('a', Date.now(), ALWAYS)).toBeDefined(); // a is now the most recent
    cache.set('d', entry('d'), cache.mark());
    expect(cache.size).toBe(3);
    expect(cache.get('b', Date.now(), ALWAYS)).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(cache.get(key, Date.now(), ALWAYS)).toBeDefined();
  });

  it('refuses an entry past its exp (5 s tolerance), past the cache TTL, or of a signing key no longer verifying', () => {
    const cache = new SessionCache(new CacheInvalidation(60_000, undefined, log));
    const now = Date.now();
    const exp = Math.floor(now / 1000) + 10;
    cache.set('s', entry('u', 't1', exp), cache.mark());
    expect(cache.get('s', now + 14_000, ALWAYS)).toBeDefined();
    expect(cache.get('s', (exp + 5) * 1000, ALWAYS)).toBeUndefined();
    cache.set('s', entry('u'), cache.mark());
    expect(cache.get('s', now + 61_000, ALWAYS)).toBeUndefined();
    cache.set('s', entry('u'), cache.mark());
    expect(cache.get('s', Date.now(), (kid) => kid !== 'k1')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('does not store a load that started before a drop; drops by user, tenant, all', () => {
    const channel = new CacheInvalidation(60_000, undefined, log);
    const cache = new SessionCache(channel);
    const since = cache.mark();
    cache.invalidateUser('someone-else');
    cache.set('late', entry('u1'), since);
    expect(cache.size).toBe(0);
    cache.set('u1', entry('u1', 't1'), cache.mark());
    cache.set('u2', entry('u2', 't1'), cache.mark());
    cache.set('u3', entry('u3', 't2'), cache.mark());
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

  it('stores nothing with a TTL of 0 or once the channel is closed', () => {
    const off = new SessionCache(new CacheInvalidation(0, undefined, log));
    off.set('s', entry('u'), off.mark());
    expect(off.size).toBe(0);
    const channel = new CacheInvalidation(60_000, undefined, log);
    const closed = new SessionCache(channel);
    channel.close();
    closed.set('s', entry('u'), closed.mark());
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
