import type { DataSource } from 'typeorm';
import type { Principal } from '../../core/principal';
import type { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import type { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { paginate, type Connection, type PageArgs } from '../../db/pagination/connection';
import { findWebhook } from './webhook-scope';

/**
 * A page of one webhook's attempts or messages, newest first (by `newest`, then id); a webhook the
 * caller may not see is NOT_FOUND on `webhookId`.
 */
export async function deliveryLogPage<T extends WebhookAttempt | WebhookMessage>(
  dataSource: DataSource,
  principal: Principal,
  webhookId: string,
  args: PageArgs,
  entity: new () => T,
  newest: 'attemptedAt' | 'createdAt',
): Promise<Connection<T>> {
  await findWebhook(dataSource.manager, principal, webhookId, 'webhookId');
  const qb = dataSource
    .getRepository(entity)
    .createQueryBuilder('r')
    .where('r.tenantId = :tenantId AND r.webhookId = :webhookId', { tenantId: principal.tenant, webhookId });
  return paginate(qb, args, [
    { expression: `r.${newest}`, property: newest, direction: 'DESC', type: 'date' },
    { expression: 'r.id', property: 'id', direction: 'DESC', type: 'string' },
  ]);
}
