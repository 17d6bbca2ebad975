import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Principal } from '../../core/principal';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import { badInput } from '../../core/errors';
import type { Connection, PageArgs } from '../../db/pagination/connection';
import { WEBHOOK_EVENT_TYPES } from './event-catalog';
import { WebhookOutboxSink } from './outbox';
import { publishPlatformEvent, type PublishEventResult } from './platform-events';
import { WebhookSender } from './sender';
import { generateSigningSecret } from './signing';
import { deliveryLogPage } from './webhook-delivery-log';
import {
  checkEventTypes,
  checkGracePeriod,
  checkWebhookChannel,
  checkWebhookUrl,
  type CreateWebhookInput,
  type UpdateWebhookInput,
} from './webhook-input';
import { redeliverMessage } from './webhook-redelivery';
import { findWebhook, webhookScope } from './webhook-scope';
import { sendTestEvent } from './webhook-test-send';
import { publicWebhookView } from './webhook-view';
import { diffFields, type AppendRuns, type FieldChange } from '../shared/domain-events';
import { DESCRIPTION_MAX, optionalText, rowLock } from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';

export interface WebhookWithSecret {
  webhook: Webhook;
  /** `whsec_…`, returned only here (create, rotate). */
  signingSecret: string;
}

/**
 * Webhooks (docs/design.md §7): endpoint CRUD with `whsec_` signing secrets sealed by the master key and
 * secret rotation with overlap here; test sends, redelivery, platform events and the delivery log are
 * one call each to their own files. Outbox rows are written by `outbox` (a DomainEventSink); the
 * dispatcher delivers them.
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

  list(principal: Principal): Promise<Webhook[]> {
    return this.deps.dataSource
      .getRepository(Webhook)
      .find({ where: webhookScope(principal), order: { createdAt: 'ASC', id: 'ASC' } });
  }

  byId(
    principal: Principal,
    id: string,
    field = 'id',
    em: EntityManager = this.deps.dataSource.manager,
  ): Promise<Webhook> {
    return findWebhook(em, principal, id, field);
  }

  /** null when the webhook does not exist in the caller's tenant (Query.webhook). */
  async find(principal: Principal, id: string): Promise<Webhook | null> {
    return this.deps.dataSource.getRepository(Webhook).findOneBy({ id, ...webhookScope(principal) });
  }

  async create(principal: Principal, input: CreateWebhookInput): Promise<WebhookWithSecret> {
    const url = await checkWebhookUrl(this.deps.config, String(input.url), 'input.url');
    const events = checkEventTypes(input.events, 'input.events');
    const description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
    const channelId = await checkWebhookChannel(
      this.deps.dataSource,
      principal,
      input.channelId ?? null,
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
      await this.emitChange(em, principal, 'webhook.created', entity);
      return entity;
    });
    return { webhook, signingSecret };
  }

  async update(principal: Principal, id: string, input: UpdateWebhookInput): Promise<Webhook> {
    const patch: Partial<Webhook> = {};
    if (input.url !== undefined) {
      if (input.url === null) throw badInput('input.url', 'url cannot be null');
      patch.url = await checkWebhookUrl(this.deps.config, String(input.url), 'input.url');
    }
    if (input.events !== undefined) {
      if (input.events === null) throw badInput('input.events', 'events cannot be null');
      patch.events = checkEventTypes(input.events, 'input.events');
    }
    if (input.description !== undefined)
      patch.description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
    if (input.channelId !== undefined)
      patch.channelId = await checkWebhookChannel(this.deps.dataSource, principal, input.channelId, 'input.channelId');
    if (input.active !== undefined) {
      if (input.active === null) throw badInput('input.active', 'active cannot be null');
      patch.active = input.active;
    }
    return this.deps.tx.run(async (em) => {
      const webhook = await findWebhook(em, principal, id, 'id', rowLock(this.deps.tx.dialect));
      const before = { ...webhook };
      Object.assign(webhook, patch);
      if (patch.active === true && !before.active)
        Object.assign(webhook, { disabledAt: null, disabledReason: null, failingSince: null });
      const changes = diffFields<Webhook>(before, webhook, ['url', 'description', 'events', 'active', 'channelId']);
      webhook.stampUpdated(principal.actor());
      await em.save(webhook);
      await this.emitChange(em, principal, 'webhook.updated', webhook, changes);
      return webhook;
    });
  }

  /** Deletes the webhook with its messages and attempts. */
  async delete(principal: Principal, id: string): Promise<{ deletedId: string }> {
    return this.deps.tx.run(async (em) => {
      const webhook = await findWebhook(em, principal, id, 'id', rowLock(this.deps.tx.dialect));
      await em.delete(WebhookAttempt, { webhookId: id });
      await em.delete(WebhookMessage, { webhookId: id });
      await em.delete(Webhook, { id });
      await this.emitChange(em, principal, 'webhook.deleted', webhook);
      return { deletedId: id };
    });
  }

  /**
   * A new signing secret. With `gracePeriodSeconds` (≤ 7 days) the old one keeps signing beside it
   * (two signatures per delivery) until the overlap ends; without, it stops at once.
   */
  async rotateSecret(principal: Principal, id: string, gracePeriodSeconds?: number | null): Promise<WebhookWithSecret> {
    const grace = checkGracePeriod(gracePeriodSeconds);
    const signingSecret = generateSigningSecret();
    const webhook = await this.deps.tx.run(async (em) => {
      const webhook = await findWebhook(em, principal, id, 'id', rowLock(this.deps.tx.dialect));
      const now = new Date();
      webhook.previousSecretSealed = grace > 0 ? webhook.secretSealed : null;
      webhook.previousSecretExpiresAt = grace > 0 ? new Date(now.getTime() + grace * 1000) : null;
      webhook.secretSealed = this.sender.sealSecret(webhook.id, signingSecret);
      webhook.secretRotatedAt = now;
      webhook.stampUpdated(principal.actor());
      await em.save(webhook);
      await this.emitChange(em, principal, 'webhook.secret_rotated', webhook, {
        secret: { before: '[redacted]', after: '[redacted]' },
        previousSecretExpiresAt: { before: null, after: webhook.previousSecretExpiresAt },
      });
      return webhook;
    });
    return { webhook, signingSecret };
  }

  async sendTest(principal: Principal, id: string): Promise<WebhookAttempt> {
    return sendTestEvent(this.deps, this.sender, principal, await this.byId(principal, id));
  }

  redeliver(principal: Principal, messageId: string): Promise<WebhookMessage> {
    return redeliverMessage(this.deps, principal, messageId);
  }

  publishEvent(
    principal: Principal,
    type: string,
    payload: unknown,
    channelId?: string | null,
  ): Promise<PublishEventResult> {
    return publishPlatformEvent(this.deps, this.outbox, principal, type, payload, channelId ?? null);
  }

  attempts(principal: Principal, webhookId: string, args: PageArgs): Promise<Connection<WebhookAttempt>> {
    return deliveryLogPage(this.deps.dataSource, principal, webhookId, args, WebhookAttempt, 'attemptedAt');
  }

  messages(principal: Principal, webhookId: string, args: PageArgs): Promise<Connection<WebhookMessage>> {
    return deliveryLogPage(this.deps.dataSource, principal, webhookId, args, WebhookMessage, 'createdAt');
  }

  /** The domain event of a change to one of the caller's webhooks: its public view, never the secret. */
  private emitChange(
    em: EntityManager,
    principal: Principal,
    action: string,
    webhook: Webhook,
    changes?: Record<string, FieldChange>,
  ): Promise<void> {
    return this.deps.events.emit(em, principal, {
      action,
      tenantId: principal.tenant,
      targetType: 'Webhook',
      targetId: webhook.id,
      ...(changes ? { changes } : {}),
      data: publicWebhookView(webhook),
      channelId: webhook.channelId,
    });
  }
}
