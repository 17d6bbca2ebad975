import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { notFound } from '../../core/errors';
import { Webhook } from '../../db/entities/webhook.entity';
import { channelScope } from '../channels/channel-scope';
import type { rowLock } from '../shared/input-rules';

/** Tenant filter, plus the channel of a channel-bound key (it sees only its channel's webhooks). */
export function webhookScope(principal: Principal): { tenantId: string; channelId?: string } {
  return { tenantId: principal.tenant, ...channelScope.match(principal) };
}

/** A webhook the caller may see (locked with `lock`), or NOT_FOUND on `field`. */
export async function findWebhook(
  em: EntityManager,
  principal: Principal,
  id: string,
  field = 'id',
  lock: ReturnType<typeof rowLock> = {},
): Promise<Webhook> {
  const webhook = await em.findOne(Webhook, { where: { id, ...webhookScope(principal) }, ...lock });
  if (!webhook) throw notFound('Webhook', field);
  return webhook;
}
