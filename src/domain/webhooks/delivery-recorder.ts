import { In, type EntityManager } from 'typeorm';
import { Principal } from '../../core/principal';
import { SYSTEM_ACTOR } from '../../db/entities/columns';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { rowLock } from '../shared/input-rules';
import type { DeliveryResult } from './delivery';
import { WebhookSender } from './sender';

/** The audit fields of a row the dispatcher changes. */
const changedBySystem = (at: Date) => ({
  updatedAt: at,
  updatedByType: SYSTEM_ACTOR.type,
  updatedById: SYSTEM_ACTOR.id,
});

/** Delays before the retries after a failed attempt (docs/design.md §7): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** An endpoint failing this long is disabled and `webhook.disabled` emitted. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

/** The delay before retry number `attempt` (1-based count of failed attempts so far), or null when exhausted. */
export function retryDelayMs(attempt: number, scale = 1, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * scale * (0.9 + random() * 0.2)); // ±10% jitter
}

/**
 * Writes what a dispatcher round did: one attempt row per delivery, each message DELIVERED, retried
 * on the schedule (or the endpoint's Retry-After), FAILED or CANCELLED, and each endpoint's health
 * (failing since, disabled after 410 Gone or five days of failures, with `webhook.disabled`).
 */
export class DeliveryRecorder {
  constructor(
    private readonly deps: Pick<Infrastructure, 'tx' | 'events' | 'log'>,
    private readonly options: { dispatcherId: string; retryScale: number },
  ) {}

  /** Records a round's attempts and outcomes in one transaction; returns how many were delivered. */
  async all(outcomes: Outcome[]): Promise<number> {
    const disabled: Disabled[] = [];
    const delivered = await this.deps.tx.run(async (em) => {
      disabled.length = 0;
      const now = new Date();
      const current = await this.lockWebhooks(em, outcomes);
      const attempts = outcomes
        .filter((o) => o.result && o.webhook)
        .map((o) => WebhookSender.attemptOf(o.webhook!, o.message, o.result!, o.at, SYSTEM_ACTOR));
      if (attempts.length)
        await em.insert(
          WebhookAttempt,
          attempts.map((a) => ({ ...a })),
        );
      const { health, deliveredIds } = await this.settleMessages(em, outcomes, current, now);
      await this.markDelivered(em, deliveredIds, now);
      disabled.push(...(await this.updateHealth(em, health, current, now)));
      return deliveredIds.length;
    });
    for (const { webhook, reason } of disabled)
      this.deps.log.warn({ webhookId: webhook.id, tenantId: webhook.tenantId, reason }, 'webhook endpoint disabled');
    return delivered;
  }

  /** The round's webhooks, locked first, in id order, so concurrent rounds never deadlock. */
  private async lockWebhooks(em: EntityManager, outcomes: Outcome[]): Promise<Map<string, Webhook>> {
    const ids = [...new Set(outcomes.filter((o) => o.webhook).map((o) => o.webhook!.id))].sort();
    const current = new Map<string, Webhook>();
    if (ids.length) {
      const rows = await em.find(Webhook, {
        where: { id: In(ids) },
        order: { id: 'ASC' },
        ...rowLock(this.deps.tx.dialect),
      });
      for (const row of rows) current.set(row.id, row);
    }
    return current;
  }

  /**
   * Cancels the messages of gone or inactive webhooks and schedules the retry of failed ones (or fails
   * them for good); returns the delivered ids and what each webhook's round came to.
   */
  private async settleMessages(
    em: EntityManager,
    outcomes: Outcome[],
    current: Map<string, Webhook>,
    now: Date,
  ): Promise<{ health: Map<string, Health>; deliveredIds: string[] }> {
    const health = new Map<string, Health>();
    const deliveredIds: string[] = [];
    for (const { message, webhook, result } of outcomes) {
      if (!webhook || !result) {
        await this.finish(em, message, { status: 'CANCELLED', nextAttemptAt: null });
        continue;
      }
      const s = health.get(webhook.id) ?? { success: false, failure: false, disableReason: null };
      health.set(webhook.id, s);
      if (result.ok) {
        s.success = true;
        deliveredIds.push(message.id);
        continue;
      }
      s.failure = true;
      const attemptsSoFar = message.attempts + 1;
      const row = current.get(webhook.id);
      let reason: string | null = null;
      if (result.statusCode === 410) reason = 'The endpoint answered 410 Gone';
      else if (row?.failingSince && now.getTime() - row.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS)
        reason = 'The endpoint has been failing for 5 days';
      const scheduled = reason ? null : retryDelayMs(attemptsSoFar, this.options.retryScale);
      if (scheduled === null) {
        await this.finish(em, message, { status: 'FAILED', attempts: attemptsSoFar, nextAttemptAt: null });
      } else {
        const retryAfter =
          result.retryAfterSeconds !== null ? Math.min(result.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
        await this.finish(em, message, {
          status: 'PENDING',
          attempts: attemptsSoFar,
          nextAttemptAt: new Date(now.getTime() + Math.max(scheduled, retryAfter)),
        });
      }
      if (reason) s.disableReason ??= reason;
    }
    return { health, deliveredIds };
  }

  /** The delivered messages in one UPDATE (only those this dispatcher still holds). */
  private async markDelivered(em: EntityManager, deliveredIds: string[], now: Date): Promise<void> {
    if (!deliveredIds.length) return;
    await em
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({
        status: 'DELIVERED',
        attempts: () => 'attempts + 1',
        deliveredAt: now,
        nextAttemptAt: null,
        lockedUntil: null,
        lockedBy: null,
        ...changedBySystem(now),
      })
      .where({ id: In(deliveredIds), lockedBy: this.options.dispatcherId })
      .execute();
  }

  /**
   * Each webhook's health after the round: disabled (with `webhook.disabled`), healthy again, or
   * failing since now; returns the webhooks disabled.
   */
  private async updateHealth(
    em: EntityManager,
    health: Map<string, Health>,
    current: Map<string, Webhook>,
    now: Date,
  ): Promise<Disabled[]> {
    const disabled: Disabled[] = [];
    for (const [id, s] of health) {
      const row = current.get(id);
      if (!row) continue;
      if (s.disableReason && row.active) {
        await em.update(
          Webhook,
          { id },
          {
            active: false,
            disabledAt: now,
            disabledReason: s.disableReason,
            failingSince: row.failingSince ?? now,
            ...changedBySystem(now),
          },
        );
        await this.deps.events.emit(em, Principal.system(row.tenantId), {
          action: 'webhook.disabled',
          tenantId: row.tenantId,
          targetType: 'Webhook',
          targetId: id,
          changes: { active: { before: true, after: false } },
          data: {
            id,
            url: row.url,
            reason: s.disableReason,
            disabledAt: now.toISOString(),
            channelId: row.channelId,
          },
          channelId: row.channelId,
        });
        disabled.push({ webhook: row, reason: s.disableReason });
      } else if (s.success) {
        await em.update(Webhook, { id }, { failingSince: null, lastDeliveryAt: now });
      } else if (s.failure && !row.failingSince) {
        await em.update(Webhook, { id }, { failingSince: now });
      }
    }
    return disabled;
  }

  private async finish(em: EntityManager, message: WebhookMessage, update: Partial<WebhookMessage>): Promise<void> {
    await em
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({ ...update, lockedUntil: null, lockedBy: null, ...changedBySystem(new Date()) })
      .where('id = :id AND lockedBy = :me', { id: message.id, me: this.options.dispatcherId })
      .execute();
  }
}

/** What a round came to for one webhook: any delivery succeeded, any failed, why to disable it. */
interface Health {
  success: boolean;
  failure: boolean;
  disableReason: string | null;
}

/** A webhook the round disabled, and why. */
interface Disabled {
  webhook: Webhook;
  reason: string;
}

/** What one delivery of a round came to. */
export interface Outcome {
  message: WebhookMessage;
  /** null: the webhook is gone or inactive; the message is cancelled without an attempt. */
  webhook: Webhook | null;
  result: DeliveryResult | null;
  at: Date;
}
