import type { ApiKey } from '../../db/entities/api-key.entity';
import { apiKeyStatus, expirationState } from './api-key-status';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The public view of a key: what events, webhooks and audit records may carry. Never a secret or hash. */
export function publicApiKeyView(key: ApiKey, now: Date = new Date()): Record<string, unknown> {
  return {
    id: key.id,
    kind: key.kind,
    name: key.name,
    description: key.description,
    active: key.active,
    status: apiKeyStatus(key, now),
    expirationState: expirationState(key, now),
    prefix: key.prefix,
    last4: key.last4,
    clientId: key.clientId,
    expiresAt: iso(key.expiresAt),
    ipAllowlist: [...key.ipAllowlist],
    rateLimitPerMinute: key.rateLimitPerMinute,
    channelId: key.channelId,
    authorizationGroupId: key.authorizationGroupId,
    ownerId: key.ownerId,
    revokedAt: iso(key.revokedAt),
    revokedReason: key.revokedReason,
    rotatedAt: iso(key.rotatedAt),
    previousSecretExpiresAt: iso(key.previousSecretExpiresAt),
    leakedAt: iso(key.leakedAt),
    leakSource: key.leakSource ?? null,
    createdAt: iso(key.createdAt),
    updatedAt: iso(key.updatedAt),
  };
}
