import { ApiKeyService } from '../domain/api-keys/api-key.service';
import { ExpiringSoonSweep } from '../domain/api-keys/expiring-soon-sweep';
import { AuditQuery } from '../domain/audit/audit-query';
import { AuditRetention } from '../domain/audit/audit-retention';
import { AuditService } from '../domain/audit/audit.service';
import { AccessTokens } from '../auth/access-tokens';
import { keyCacheInvalidation } from '../auth/key-cache-invalidation';
import { FailedAuthThrottle } from '../credentials/failed-auth-throttle';
import { KeyVerifier } from '../auth/key-verifier';
import { AuthService } from '../auth/auth.service';
import { ChannelService } from '../domain/channels/channel.service';
import { RoleService } from '../domain/roles/role.service';
import { SecretScanningService } from '../domain/secret-scanning/secret-scanning.service';
import type { ServiceDeps } from '../domain/shared/service-deps';
import { TenantService } from '../domain/tenants/tenant.service';
import { UserService } from '../domain/users/user.service';
import { WebhookService } from '../domain/webhooks/webhook.service';
import { WebhookDispatcher } from '../domain/webhooks/dispatcher';
import { UsageService } from '../domain/usage/usage.service';

/** Every service, built once per process. */
export function createServices(deps: ServiceDeps) {
  const audit = new AuditService(deps);
  deps.events.register(audit);
  const auditRetention = new AuditRetention(deps, audit);
  auditRetention.start();
  const webhooks = new WebhookService(deps);
  // transactional outbox: catalog events become webhook messages in the emitting transaction
  deps.events.register(webhooks.outbox);
  webhooks.outbox.appendRuns = audit;
  // The verify path (DESIGN §6) caches verified keys: changes to a key, and to the grants keys act
  // with, drop them once committed.
  const keyVerifier = new KeyVerifier(deps);
  const apiKeys = new ApiKeyService(deps);
  apiKeys.onCredentialChanged = (keyId) => keyVerifier.invalidate(keyId);
  deps.events.register(keyCacheInvalidation(deps.tx, keyVerifier));
  const users = new UserService(deps);
  // usage analytics (DESIGN §14): the verify path counts each use; the process owner starts the roll-up and stops it on close
  const usage = new UsageService(deps);
  if (usage.recorder) keyVerifier.attachUsage(usage.recorder);
  apiKeys.usage24hSql = () => usage.usage24hSql();
  const expiringSoon = new ExpiringSoonSweep(deps);
  return {
    audit,
    auditLog: new AuditQuery(deps),
    auditRetention,
    apiKeys,
    expiringSoon,
    auth: new AuthService(deps, users),
    tenants: new TenantService(deps),
    users,
    channels: new ChannelService(deps),
    roles: new RoleService(deps),
    webhooks,
    secretScanning: new SecretScanningService(apiKeys),
    /** Delivers the outbox; the process owner calls `start()` after listen and `await stop()` on close. */
    webhookDispatcher: new WebhookDispatcher(deps, webhooks.sender, { sweep: () => expiringSoon.run(), outbox: webhooks.outbox }),
    keyVerifier,
    usage,
    accessTokens: new AccessTokens(deps.signingKeys, keyVerifier, deps.config),
    failedAuth: new FailedAuthThrottle(deps.limiters, deps.config.failedAuthLimitPerMinute),
  };
}

export type Services = ReturnType<typeof createServices>;
