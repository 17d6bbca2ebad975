import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Principal } from '../../core/principal';
import { Channel } from '../../db/entities/channel.entity';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import { badInput, conflict, notFound } from '../../core/errors';
import { paginate, type Connection, type PageArgs } from '../../db/pagination/connection';
import { isPlatformEventType, isWebhookEventType, WEBHOOK_EVENT_TYPES } from './event-catalog';
import { webhookBody, WebhookOutboxSink } from './outbox';
import { WebhookSender } from './sender';
import { generateSigningSecret, newMessageId } from './signing';
import { checkUrlSyntax, resolveWebhookTarget, SsrfError } from './ssrf-guard';
import { channelScope } from '../channels/channel-scope';
import { diffFields, type AppendRuns, type DomainEvent } from '../shared/domain-events';
import { DESCRIPTION_MAX, optionalText } from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';

export interface CreateWebhookInput {
  url: URL | string;
  events: string[];
  description?: string | null;
  channelId?: string | null;
  active?: boolean | null;
}

export type UpdateWebhookInput = Partial<{ [K in keyof CreateWebhookInput]: CreateWebhookInput[K] | null }>;

export interface WebhookWithSecret {
  webhook: Webhook;
  /** `whsec_…`, returned only here (create, rotate). */
  signingSecret: string;
}

export interface PublishEventResult {
  type: string;
  channelId: string | null;
  messageIds: string[];
}

/** Longest overlap of a rotated signing secret. */
export const MAX_SECRET_GRACE_SECONDS = 7 * 24 * 3600;
/** The stored body (a TEXT column: 64 KiB on MariaDB) must hold the payload plus its envelope. */
export const MAX_EVENT_PAYLOAD_BYTES = 60 * 1024;

/** The public view of a webhook in events and audit data: never the secret. */
function publicView(webhook: Webhook): Record<string, unknown> {
  return {
    id: webhook.id,
    url: webhook.url,
    description: webhook.description,
    events: webhook.events,
    active: webhook.active,
    channelId: webhook.channelId,
  };
}

/**
 * Webhooks (docs/design.md §7): endpoint CRUD with `whsec_` signing secrets sealed by the master key,
 * secret rotation with overlap, test sends, redelivery, platform events and the delivery log.
 * Outbox rows are written by `outbox` (a DomainEventSink); the dispatcher delivers them.
 */
export class WebhookService {
  readonly outbox: WebhookOutboxSink;
  readonly sender: WebhookSender;

  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'events' | 'masterKey'> & {
      appendRuns?: AppendRuns;
    },
  ) {
    this.outbox = new WebhookOutboxSink(deps.appendRuns);
    this.sender = new WebhookSender(deps.config, deps.masterKey);
    deps.dataSource.subscribers.push(this.outbox.commitSubscriber);
  }

  eventTypes(_principal: Principal): string[] {
    return [...WEBHOOK_EVENT_TYPES];
  }

  /** Tenant filter, plus the channel of a channel-bound key (it sees only its channel's webhooks). */
  private scope(principal: Principal): { tenantId: string; channelId?: string } {
    return { tenantId: principal.tenant, ...channelScope.match(principal) };
  }

  list(principal: Principal): Promise<Webhook[]> {
    return this.deps.dataSource
      .getRepository(Webhook)
      .find({ where: this.scope(principal), order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async byId(
    principal: Principal,
    id: string,
    field = 'id',
    em: EntityManager = this.deps.dataSource.manager,
  ): Promise<Webhook> {
    const webhook = await em.findOne(Webhook, { where: { id, ...this.scope(principal) } });
    if (!webhook) throw notFound('Webhook', field);
    return webhook;
  }

  /** null when the webhook does not exist in the caller's tenant (Query.webhook). */
  async find(principal: Principal, id: string): Promise<Webhook | null> {
    return this.deps.dataSource.getRepository(Webhook).findOneBy({ id, ...this.scope(principal) });
  }

  async create(principal: Principal, input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const url = await this.checkUrl(String(input.url), 'input.url');
    const events = this.checkEvents(input.events, 'input.events');
    const description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
    const channelId = await this.checkChannel(
      principal,
      this.boundChannel(principal, input.channelId ?? null, 'input.channelId'),
      'input.channelId',
    );
    const signingSecret = generateSigningSecret();
    const webhook = await this.deps.tx.run(async (em) => {
      const id = randomUUID();
      const entity = em
        .create(Webhook, {
          id,
          tenantId: principal.tenant,
          url,
          description,
          events,
          active: input.active ?? true,
          channelId,
          secretSealed: this.sender.sealSecret(id, signingSecret),
          previousSecretSealed: null,
          previousSecretExpiresAt: null,
          secretRotatedAt: null,
          failingSince: null,
          disabledAt: null,
          disabledReason: null,
          lastDeliveryAt: null,
        })
        .stampCreated(principal.actor());
      await em.save(entity);
      await this.deps.events.emit(em, principal, {
        action: 'webhook.created',
        tenantId: principal.tenant,
        targetType: 'Webhook',
        targetId: id,
        data: publicView(entity),
        channelId,
      });
      return entity;
    });
    return { webhook, signingSecret };
  }

  async update(principal: Principal, id: string, input: UpdateWebhookInput): Promise<Webhook> {
    const patch: Partial<Webhook> = {};
    if (input.url !== undefined) {
      if (input.url === null) throw badInput('input.url', 'url cannot be null');
      patch.url = await this.checkUrl(String(input.url), 'input.url');
    }
    if (input.events !== undefined) {
      if (input.events === null) throw badInput('input.events', 'events cannot be null');
      patch.events = this.checkEvents(input.events, 'input.events');
    }
    if (input.description !== undefined)
      patch.description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
    if (input.channelId !== undefined)
      patch.channelId = await this.checkChannel(
        principal,
        this.boundChannel(principal, input.channelId, 'input.channelId'),
        'input.channelId',
      );
    if (input.active !== undefined) {
      if (input.active === null) throw badInput('input.active', 'active cannot be null');
      patch.active = input.active;
    }
    return this.deps.tx.run(async (em) => {
      const webhook = await em.findOne(Webhook, { where: { id, ...this.scope(principal) }, ...this.lock() });
      if (!webhook) throw notFound('Webhook', 'id');
      const before = { ...webhook };
      Object.assign(webhook, patch);
      if (patch.active === true && !before.active)
        Object.assign(webhook, { disabledAt: null, disabledReason: null, failingSince: null });
      const changes = diffFields<Webhook>(before, webhook, ['url', 'description', 'events', 'active', 'channelId']);
      webhook.stampUpdated(principal.actor());
      await em.save(webhook);
      await this.deps.events.emit(em, principal, {
        action: 'webhook.updated',
        tenantId: principal.tenant,
        targetType: 'Webhook',
        targetId: id,
        changes,
        data: publicView(webhook),
        channelId: webhook.channelId,
      });
      return webhook;
    });
  }

  /** Deletes the webhook with its messages and attempts. */
  async delete(principal: Principal, id: string): Promise<{ deletedId: string }> {
    return this.deps.tx.run(async (em) => {
      const webhook = await em.findOne(Webhook, { where: { id, ...this.scope(principal) }, ...this.lock() });
      if (!webhook) throw notFound('Webhook', 'id');
      await em.delete(WebhookAttempt, { webhookId: id });
      await em.delete(WebhookMessage, { webhookId: id });
      await em.delete(Webhook, { id });
      await this.deps.events.emit(em, principal, {
        action: 'webhook.deleted',
        tenantId: principal.tenant,
        targetType: 'Webhook',
        targetId: id,
        data: publicView(webhook),
        channelId: webhook.channelId,
      });
      return { deletedId: id };
    });
  }

  /**
   * A new signing secret. With `gracePeriodSeconds` (≤ 7 days) the old one keeps signing beside it
   * (two signatures per delivery) until the overlap ends; without, it stops at once.
   */
  async rotateSecret(principal: Principal, id: string, gracePeriodSeconds?: number | null): Promise<WebhookWithSecret> {
    const grace = gracePeriodSeconds ?? 0;
    if (!Number.isInteger(grace) || grace < 0 || grace > MAX_SECRET_GRACE_SECONDS) {
      throw badInput(
        'gracePeriodSeconds',
        `gracePeriodSeconds must be between 0 and ${MAX_SECRET_GRACE_SECONDS} (7 days)`,
      );
    }
    const signingSecret = generateSigningSecret();
    const webhook = await this.deps.tx.run(async (em) => {
      const webhook = await em.findOne(Webhook, { where: { id, ...this.scope(principal) }, ...this.lock() });
      if (!webhook) throw notFound('Webhook', 'id');
      const now = new Date();
      webhook.previousSecretSealed = grace > 0 ? webhook.secretSealed : null;
      webhook.previousSecretExpiresAt = grace > 0 ? new Date(now.getTime() + grace * 1000) : null;
      webhook.secretSealed = this.sender.sealSecret(webhook.id, signingSecret);
      webhook.secretRotatedAt = now;
      webhook.stampUpdated(principal.actor());
      await em.save(webhook);
      await this.deps.events.emit(em, principal, {
        action: 'webhook.secret_rotated',
        tenantId: principal.tenant,
        targetType: 'Webhook',
        targetId: id,
        changes: {
          secret: { before: '[redacted]', after: '[redacted]' },
          previousSecretExpiresAt: { before: null, after: webhook.previousSecretExpiresAt },
        },
        data: publicView(webhook),
        channelId: webhook.channelId,
      });
      return webhook;
    });
    return { webhook, signingSecret };
  }

  /**
   * Delivers a `webhook.test` event to the endpoint now (active or not) and returns the attempt.
   * The message and attempt are stored like any other; a test never retries or disables.
   */
  async sendTest(principal: Principal, id: string): Promise<WebhookAttempt> {
    const webhook = await this.byId(principal, id);
    const now = new Date();
    const message = Object.assign(new WebhookMessage(), {
      id: newMessageId(),
      tenantId: webhook.tenantId,
      webhookId: webhook.id,
      eventType: 'webhook.test',
      payload: webhookBody(
        'webhook.test',
        { webhookId: webhook.id, message: 'This is a test event from Keyward.' },
        now,
      ),
      channelId: webhook.channelId,
      status: 'PENDING' as const,
      attempts: 0,
      nextAttemptAt: null, // never claimed by a dispatcher
      lockedUntil: null,
      lockedBy: null,
      deliveredAt: null,
      createdAt: now,
    }).stampCreated(principal.actor());
    await this.deps.tx.run(async (em) => {
      await em.insert(WebhookMessage, message);
      await this.deps.events.emit(em, principal, {
        action: 'webhook.test',
        tenantId: webhook.tenantId,
        targetType: 'Webhook',
        targetId: webhook.id,
        data: { webhookId: webhook.id, messageId: message.id },
        channelId: webhook.channelId,
      });
    });
    const at = new Date();
    const result = await this.sender.send(webhook, message);
    const attempt = WebhookSender.attemptOf(webhook, message, result, at, principal.actor());
    await this.deps.tx.run(async (em) => {
      await em.insert(WebhookAttempt, attempt);
      const { updatedAt, updatedByType, updatedById } = message.stampUpdated(principal.actor());
      await em.update(
        WebhookMessage,
        { id: message.id },
        {
          status: result.ok ? 'DELIVERED' : 'FAILED',
          attempts: 1,
          deliveredAt: result.ok ? new Date() : null,
          updatedAt,
          updatedByType,
          updatedById,
        },
      );
    });
    return attempt;
  }

  /** Queues a message again for immediate delivery (same `webhook-id`, fresh retry schedule). */
  async redeliver(principal: Principal, messageId: string): Promise<WebhookMessage> {
    return this.deps.tx.run(async (em) => {
      const message = await em.findOne(WebhookMessage, {
        where: { id: messageId, tenantId: principal.tenant },
        ...this.lock(),
      });
      if (!message) throw notFound('Webhook message', 'id');
      const webhook = await em.findOne(Webhook, { where: { id: message.webhookId, ...this.scope(principal) } });
      if (!webhook) throw notFound('Webhook message', 'id');
      if (!webhook.active) throw conflict('id', 'The webhook is inactive; activate it before redelivering');
      const now = new Date();
      if (message.status === 'PENDING' && message.lockedUntil && message.lockedUntil.getTime() > now.getTime()) {
        throw conflict('id', 'The message is being delivered right now; try again in a moment');
      }
      Object.assign(message, {
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        lockedBy: null,
        deliveredAt: null,
      }).stampUpdated(principal.actor());
      await em.save(message);
      await this.deps.events.emit(em, principal, {
        action: 'webhook_message.redelivered',
        tenantId: principal.tenant,
        targetType: 'WebhookMessage',
        targetId: message.id,
        data: { id: message.id, webhookId: message.webhookId, eventType: message.eventType },
      });
      return message;
    });
  }

  /** Publishes a platform event (e.g. `order.created`) to every subscribed webhook of the tenant. */
  async publishEvent(
    principal: Principal,
    type: string,
    payload: unknown,
    channelId?: string | null,
  ): Promise<PublishEventResult> {
    // references first: another tenant's channel is NOT_FOUND whatever else is wrong
    const channel = await this.checkChannel(
      principal,
      this.boundChannel(principal, channelId ?? null, 'channelId'),
      'channelId',
    );
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
    await this.deps.tx.run((em) => this.deps.events.emit(em, principal, event));
    return { type, channelId: channel, messageIds: this.outbox.messagesFor(event) };
  }

  attempts(principal: Principal, webhookId: string, args: PageArgs): Promise<Connection<WebhookAttempt>> {
    return this.deliveryLogPage(principal, webhookId, args, WebhookAttempt, 'attemptedAt');
  }

  messages(principal: Principal, webhookId: string, args: PageArgs): Promise<Connection<WebhookMessage>> {
    return this.deliveryLogPage(principal, webhookId, args, WebhookMessage, 'createdAt');
  }

  /** A page of one webhook's attempts or messages, newest first (by `newest`, then id). */
  private async deliveryLogPage<T extends WebhookAttempt | WebhookMessage>(
    principal: Principal,
    webhookId: string,
    args: PageArgs,
    entity: new () => T,
    newest: 'attemptedAt' | 'createdAt',
  ): Promise<Connection<T>> {
    await this.byId(principal, webhookId, 'webhookId');
    const qb = this.deps.dataSource
      .getRepository(entity)
      .createQueryBuilder('r')
      .where('r.tenantId = :tenantId AND r.webhookId = :webhookId', { tenantId: principal.tenant, webhookId });
    return paginate(qb, args, [
      { expression: `r.${newest}`, property: newest, direction: 'DESC', type: 'date' },
      { expression: 'r.id', property: 'id', direction: 'DESC', type: 'string' },
    ]);
  }

  /** A channel-bound key works only in its own channel (its channel is the default). */
  private boundChannel(principal: Principal, channelId: string | null, field: string): string | null {
    return channelScope.bind(principal, channelId, field);
  }

  private lock() {
    return this.deps.tx.dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {};
  }

  private async checkUrl(raw: string, field: string): Promise<string> {
    const options = { allowPrivate: this.deps.config.webhookAllowPrivate, requireHttps: this.deps.config.production };
    if (raw.length > 2048) throw badInput(field, 'url must be at most 2048 characters');
    const syntax = checkUrlSyntax(raw, options);
    if ('reason' in syntax) throw badInput(field, `url ${syntax.reason}`);
    try {
      await resolveWebhookTarget(raw, options);
    } catch (error) {
      // A name that does not resolve now may later; delivery checks again. A blocked address is refused.
      if (error instanceof SsrfError && !/does not resolve/.test(error.message)) throw badInput(field, error.message);
    }
    return syntax.url.toString();
  }

  private checkEvents(events: string[], field: string): string[] {
    if (events.length === 0) throw badInput(field, 'Subscribe to at least one event type');
    events.forEach((type, i) => {
      if (!isWebhookEventType(type))
        throw badInput(`${field}[${i}]`, `Unknown event type "${type}"; see webhookEventTypes`);
    });
    return [...new Set(events)];
  }

  private async checkChannel(principal: Principal, channelId: string | null, field: string): Promise<string | null> {
    if (channelId === null) return null;
    const channel = await this.deps.dataSource
      .getRepository(Channel)
      .findOneBy({ id: channelId, tenantId: principal.tenant });
    if (!channel) throw notFound('Channel', field);
    return channel.id;
  }
}
