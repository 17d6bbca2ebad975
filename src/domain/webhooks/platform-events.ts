import type { Principal } from '../../core/principal';
import { badInput } from '../../core/errors';
import type { DomainEvent } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';
import { isPlatformEventType, isWebhookEventType } from './event-catalog';
import type { WebhookOutboxSink } from './outbox';
import { checkWebhookChannel } from './webhook-input';

export interface PublishEventResult {
  type: string;
  channelId: string | null;
  messageIds: string[];
}

/** The stored body (a TEXT column: 64 KiB on MariaDB) must hold the payload plus its envelope. */
export const MAX_EVENT_PAYLOAD_BYTES = 60 * 1024;

/** Publishes a platform event (e.g. `order.created`) to every subscribed webhook of the tenant. */
export async function publishPlatformEvent(
  deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>,
  outbox: WebhookOutboxSink,
  principal: Principal,
  type: string,
  payload: unknown,
  channelId: string | null,
): Promise<PublishEventResult> {
  // references first: another tenant's channel is NOT_FOUND whatever else is wrong
  const channel = await checkWebhookChannel(deps.dataSource, principal, channelId, 'channelId');
  if (!isPlatformEventType(type)) {
    throw badInput(
      'type',
      isWebhookEventType(type)
        ? `"${type}" is emitted by Keyward itself and cannot be published`
        : `Unknown event type "${type}"; see webhookEventTypes`,
    );
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw badInput('payload', 'payload must be a JSON object');
  if (Buffer.byteLength(JSON.stringify(payload), 'utf8') > MAX_EVENT_PAYLOAD_BYTES)
    throw badInput('payload', `payload must be at most ${MAX_EVENT_PAYLOAD_BYTES} bytes of JSON`);
  const event: DomainEvent = {
    action: type,
    tenantId: principal.tenant,
    targetType: 'Event',
    targetId: null,
    data: payload as Record<string, unknown>,
    channelId: channel,
  };
  await deps.tx.run((em) => deps.events.emit(em, principal, event));
  return { type, channelId: channel, messageIds: outbox.messagesFor(event) };
}
