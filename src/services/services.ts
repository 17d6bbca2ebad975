import { ApiKeyService } from '../domain/api-keys/api-key.service';
import { ExpiringSoonSweep } from '../domain/api-keys/expiring-soon-sweep';
import { AuditQuery } from '../domain/audit/audit-query';
import { AuditRetention } from '../domain/audit/audit-retention';
import { AuditService } from '../domain/audit/audit.service';
import { AccessTokens } from '../auth/access-tokens';
import { CacheInvalidation } from '../auth/cache-invalidation';
import { keyCacheInvalidation } from '../auth/key-cache-invalidation';
import { SessionCache } from '../auth/session-cache';
import { sessionCacheInvalidation } from '../auth/session-cache-invalidation';
import { FailedAuthThrottle } from '../credentials/failed-auth-throttle';
import { KeyVerifier } from '../auth/key-verifier';
import { AuthService } from '../auth/auth.service';
import { ChannelService } from '../domain/channels/channel.service';
import { RoleService } from '../domain/roles/role.service';
import { SecretScanningService } from '../domain/secret-scanning/secret-scanning.service';
import type { Infrastructure } from '../domain/shared/infrastructure';
import { TenantService } from '../domain/tenants/tenant.service';
import { UserService } from '../domain/users/user.service';
import { WebhookService } from '../domain/webhooks/webhook.service';
import { WebhookDispatcher } from '../domain/webhooks/dispatcher';
import { UsageService } from '../domain/usage/usage.service';

/**
 * Every service, built once per process, each handed only the parts of the infrastructure it uses
 * and the services it calls. Background work is started and stopped by the owner (server/keyward.ts).
 */
export function createServices(infra: Infrastructure) {
  const { config, dataSource, tx, masterKey, signingKeys, limiters, log, events, metrics } = infra;
  const store = { dataSource, tx, events };

  const audit = new AuditService({ tx });
  events.register(audit);
  const auditRetention = new AuditRetention({ config, dataSource, tx, log }, audit);
  const webhooks = new WebhookService({ ...store, config, masterKey, appendRuns: audit });
  // transactional outbox: catalog events become webhook messages in the emitting transaction
  events.register(webhooks.outbox);

  // usage analytics (docs/design.md §14): the verify path counts each use into the recorder
  const usage = new UsageService({ config, dataSource, tx, log, metrics });
  // The verify path (docs/design.md §6) caches verified keys, and sign-in verified sessions: changes to a
  // key, and to the users, grants, groups and roles they act with, drop them once committed, here and
  // (one Redis channel) on every other instance. The owner closes the channel.
  const cacheInvalidation = new CacheInvalidation(config.keyCacheTtlMs, limiters.redis, log);
  const keyVerifier = new KeyVerifier({
    ...store,
    config,
    limiters,
    log,
    metrics,
    usage: usage.recorder,
    invalidation: cacheInvalidation,
  });
  events.register(keyCacheInvalidation(tx, keyVerifier));
  const sessions = new SessionCache(cacheInvalidation);
  events.register(sessionCacheInvalidation(tx, sessions));
  const apiKeys = new ApiKeyService({
    ...store,
    log,
    usage,
    onCredentialChanged: (keyId) => keyVerifier.invalidate(keyId),
  });
  const users = new UserService(store);
  const expiringSoon = new ExpiringSoonSweep(store);

  return {
    audit,
    auditLog: new AuditQuery({ dataSource }),
    auditRetention,
    apiKeys,
    expiringSoon,
    auth: new AuthService({ ...store, config, limiters, signingKeys, log }, users, sessions),
    tenants: new TenantService(store),
    users,
    channels: new ChannelService(store),
    roles: new RoleService(store),
    webhooks,
    secretScanning: new SecretScanningService(apiKeys),
    /** Delivers the outbox; the process owner calls `start()` after listen and `await stop()` on close. */
    webhookDispatcher: new WebhookDispatcher({ ...store, config, log }, webhooks.sender, {
      sweep: () => expiringSoon.run(),
      outbox: webhooks.outbox,
    }),
    keyVerifier,
    cacheInvalidation,
    sessions,
    usage,
    accessTokens: new AccessTokens(signingKeys, keyVerifier, config),
    failedAuth: new FailedAuthThrottle(limiters, config.failedAuthLimitPerMinute, metrics),
  };
}

export type Services = ReturnType<typeof createServices>;
