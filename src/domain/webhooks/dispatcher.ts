import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { In, type EntityManager } from 'typeorm';
import { Principal } from '../../core/principal';
import { isUnavailableError } from '../../core/errors';
import { SYSTEM_ACTOR } from '../../db/entities/columns';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import type { Infrastructure } from '../shared/infrastructure';
import type { DeliveryResult } from './delivery';
import { WebhookSender } from './sender';


/** The audit fields of a row the dispatcher changes. */
const changedBySystem = (at: Date) => ({ updatedAt: at, updatedByType: SYSTEM_ACTOR.type, updatedById: SYSTEM_ACTOR.id });

/** Delays before the retries after a failed attempt (docs/design.md §7): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_SCHEDULE_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];
/** An endpoint failing this long is disabled and `webhook.disabled` emitted. */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3600 * 1000;
const MAX_RETRY_AFTER_MS = 24 * 3600 * 1000;

export interface DispatcherOptions {
  /** Identifies this dispatcher in `lockedBy` (default host:pid:random). */
  id?: string;
  /** Poll period when nothing is due (default 250 ms). */
  pollIntervalMs?: number;
  /** Messages claimed (and delivered concurrently) per round (default 20). */
  batchSize?: number;
  /** How long a claim holds a message; must exceed the delivery timeout (default 60 s). */
  leaseMs?: number;
  /** Multiplies the retry schedule (default config.webhookRetryScale). */
  retryScale?: number;
  /** Period of the `api_key.expiring_soon` sweep (default 60 s; 0 disables it). */
  sweepIntervalMs?: number;
  /** Called by the timer every sweepIntervalMs. */
  sweep?: () => Promise<unknown>;
  /** Wake up when a local transaction commits outbox rows (else only polling). */
  outbox?: { onCommitted(listener: () => void): () => void };
}

/** The delay before retry number `attempt` (1-based count of failed attempts so far), or null when exhausted. */
export function retryDelayMs(attempt: number, scale = 1, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * scale * (0.9 + random() * 0.2)); // ±10% jitter
}

/**
 * Delivers the webhook outbox. Each round claims due messages — `SELECT … FOR UPDATE SKIP LOCKED`
 * on MySQL/MariaDB so several processes share the work, the queued single writer on SQLite — by
 * setting a lease (`lockedUntil`, `lockedBy`), delivers them outside any transaction, then records
 * the attempt and the outcome (guarded by `lockedBy`). A process that dies mid-delivery leaves its
 * lease to run out; the message is claimed again (at-least-once).
 *
 * Started/stopped by whoever runs the process: `start()` after listen, `await stop()` on close.
 */
export class WebhookDispatcher {
  readonly id: string;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly retryScale: number;
  private readonly sweepIntervalMs: number;
  private running = false;
  private killed = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private abort = new AbortController();
  private lastSweep = 0;
  private unsubscribe: (() => void) | undefined;
  private pendingNudge = false;
  /** Deliveries this dispatcher has made (for benchmarks and tests). */
  delivered = 0;

  constructor(
    private readonly deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'events' | 'log'>,
    private readonly sender: WebhookSender,
    private readonly options: DispatcherOptions = {},
  ) {
    this.id = options.id ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 64);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.batchSize = options.batchSize ?? 20;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.retryScale = options.retryScale ?? deps.config.webhookRetryScale;
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.killed = false;
    this.abort = new AbortController();
    setMaxListeners(0, this.abort.signal); // one listener per in-flight delivery
    this.unsubscribe = this.options.outbox?.onCommitted(() => this.nudge());
    this.loop = this.run();
  }

  /** Stops claiming, lets in-flight deliveries finish and records them. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /**
   * Simulates a crash (tests): aborts in-flight requests and records nothing, leaving claimed
   * messages locked until their lease runs out.
   */
  async kill(): Promise<void> {
    this.unsubscribe?.();
    this.killed = true;
    this.running = false;
    this.abort.abort();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Wakes the loop now (e.g. after an event was committed). */
  nudge(): void {
    this.pendingNudge = true;
    this.wake?.();
  }

  /**
   * Polls until stopped. A failing round (e.g. the database is unreachable) is logged once per
   * outage and retried with backoff (poll interval doubling up to 2 s, so delivery resumes within
   * seconds of the database returning); the loop never ends because of an error.
   */
  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let claimed = 0;
      try {
        await this.maybeSweep();
        claimed = await this.runOnce();
        if (failures > 0) this.deps.log.info({ dispatcher: this.id, failedRounds: failures }, 'webhook dispatcher resumed');
        failures = 0;
      } catch (error) {
        failures++;
        if (!isUnavailableError(error)) this.deps.log.warn({ err: error, dispatcher: this.id }, 'webhook dispatcher round failed');
        else if (failures === 1) this.deps.log.warn({ reason: (error as Error).message, dispatcher: this.id }, 'database unreachable: webhook dispatcher backing off until it returns');
      }
      if (!this.running) break;
      if (failures > 0) await this.sleep(backoffMs(this.pollIntervalMs, failures));
      else if (claimed === 0) await this.sleep(this.pollIntervalMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.pendingNudge) {
      this.pendingNudge = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        this.pendingNudge = false;
        resolve();
      };
      timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async maybeSweep(): Promise<void> {
    if (!this.options.sweep || this.sweepIntervalMs <= 0) return;
    if (Date.now() - this.lastSweep < this.sweepIntervalMs) return;
    this.lastSweep = Date.now();
    try {
      await this.options.sweep();
    } catch (error) {
      this.deps.log.warn({ err: error }, 'api_key.expiring_soon sweep failed');
    }
  }

  /**
   * One round: claim due messages, deliver them concurrently, record every outcome in one
   * transaction. Returns how many were claimed. A round whose recording fails is logged: its
   * leases run out and the messages are delivered again (at-least-once).
   */
  async runOnce(): Promise<number> {
    const leaseEnds = Date.now() + this.leaseMs;
    const messages = await this.claim(this.batchSize);
    if (messages.length === 0) return 0;
    const webhookIds = [...new Set(messages.map((m) => m.webhookId))];
    const webhooks = new Map((await this.deps.dataSource.getRepository(Webhook).findBy({ id: In(webhookIds) })).map((w) => [w.id, w]));
    const outcomes = await Promise.all(messages.map((message) => this.attempt(message, webhooks.get(message.webhookId))));
    if (this.killed) return messages.length; // a crashed process records nothing
    try {
      const delivered = await this.withOutageRetry(leaseEnds, () => this.recordAll(outcomes));
      this.delivered += delivered;
    } catch (error) {
      this.deps.log.error({ err: error, dispatcher: this.id, messages: messages.length }, 'webhook deliveries could not be recorded; they are retried when their lease ends');
    }
    return messages.length;
  }

  private async attempt(message: WebhookMessage, webhook: Webhook | undefined): Promise<Outcome> {
    if (!webhook || !webhook.active) return { message, webhook: null, result: null, at: new Date() };
    const at = new Date();
    try {
      const result = await this.sender.send(webhook, message, this.abort.signal);
      // never the URL (it may carry a token) nor the signing secret
      if (!result.ok) this.deps.log.warn({ webhookId: webhook.id, tenantId: webhook.tenantId, messageId: message.id, eventType: message.eventType, attempt: message.attempts + 1, statusCode: result.statusCode, error: result.error }, 'webhook delivery failed');
      return { message, webhook, result, at };
    } catch (error) {
      this.deps.log.error({ err: error, webhookId: webhook.id }, 'webhook could not be signed');
      return { message, webhook, at, result: { ok: false, statusCode: null, responseBody: null, error: 'internal error: could not sign the message', durationMs: 0, retryAfterSeconds: null } };
    }
  }

  /** Leases up to `limit` due messages to this dispatcher. */
  async claim(limit: number): Promise<WebhookMessage[]> {
    const now = new Date();
    const due = (em: EntityManager) =>
      em
        .getRepository(WebhookMessage)
        .createQueryBuilder('m')
        .where('m.status = :status', { status: 'PENDING' })
        .andWhere('m.nextAttemptAt <= :now', { now })
        .andWhere('(m.lockedUntil IS NULL OR m.lockedUntil < :now)', { now });
    // cheap check outside a transaction: most rounds find nothing
    const any = await due(this.deps.dataSource.manager).select('m.id').limit(1).getRawMany();
    if (any.length === 0) return [];
    return this.deps.tx.run(async (em) => {
      const qb = due(em).orderBy('m.nextAttemptAt', 'ASC').limit(limit);
      if (this.deps.tx.dialect === 'mysql') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
      const rows = await qb.getMany();
      if (rows.length === 0) return [];
      const lockedUntil = new Date(Date.now() + this.leaseMs);
      await em
        .createQueryBuilder()
        .update(WebhookMessage)
        .set({ lockedUntil, lockedBy: this.id })
        .where({ id: In(rows.map((r) => r.id)) })
        .execute();
      for (const row of rows) Object.assign(row, { lockedUntil, lockedBy: this.id });
      return rows;
    });
  }

  /**
   * The database went away after the deliveries were made: keep the outcomes and retry recording
   * them (with backoff) while our lease holds, so a short outage neither loses the result nor sends
   * the messages twice. Past the lease (or on stop) the error is thrown and the messages are
   * delivered again once their lease ends (at-least-once).
   */
  private async withOutageRetry<T>(leaseEnds: number, work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const wait = backoffMs(this.pollIntervalMs, attempt);
        if (!isUnavailableError(error) || !this.running || this.killed || Date.now() + wait >= leaseEnds - 1000) throw error;
        if (attempt === 1) this.deps.log.warn({ reason: (error as Error).message, dispatcher: this.id }, 'database unreachable: webhook deliveries made are recorded once it returns');
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private async finish(em: EntityManager, message: WebhookMessage, update: Partial<WebhookMessage>): Promise<void> {
    await em
      .createQueryBuilder()
      .update(WebhookMessage)
      .set({ ...update, lockedUntil: null, lockedBy: null, ...changedBySystem(new Date()) })
      .where('id = :id AND lockedBy = :me', { id: message.id, me: this.id })
      .execute();
  }

  /** Records a round's attempts and outcomes in one transaction; returns how many were delivered. */
  private async recordAll(outcomes: Outcome[]): Promise<number> {
    const disabled: Array<{ webhook: Webhook; reason: string }> = [];
    const delivered = await this.deps.tx.run(async (em) => {
      disabled.length = 0;
      const now = new Date();
      // lock the webhook rows first, in id order, so concurrent rounds never deadlock
      const ids = [...new Set(outcomes.filter((o) => o.webhook).map((o) => o.webhook!.id))].sort();
      const current = new Map<string, Webhook>();
      if (ids.length) {
        const rows = await em.find(Webhook, { where: { id: In(ids) }, order: { id: 'ASC' }, ...(this.deps.tx.dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
        for (const row of rows) current.set(row.id, row);
      }
      const attempts = outcomes.filter((o) => o.result && o.webhook).map((o) => WebhookSender.attemptOf(o.webhook!, o.message, o.result!, o.at, SYSTEM_ACTOR));
      if (attempts.length) await em.insert(WebhookAttempt, attempts.map((a) => ({ ...a })));
      const state = new Map<string, { success: boolean; failure: boolean; disableReason: string | null }>();
      const deliveredIds: string[] = [];
      for (const { message, webhook, result } of outcomes) {
        if (!webhook || !result) {
          await this.finish(em, message, { status: 'CANCELLED', nextAttemptAt: null });
          continue;
        }
        const s = state.get(webhook.id) ?? { success: false, failure: false, disableReason: null };
        state.set(webhook.id, s);
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
        else if (row?.failingSince && now.getTime() - row.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) reason = 'The endpoint has been failing for 5 days';
        const scheduled = reason ? null : retryDelayMs(attemptsSoFar, this.retryScale);
        if (scheduled === null) {
          await this.finish(em, message, { status: 'FAILED', attempts: attemptsSoFar, nextAttemptAt: null });
        } else {
          const retryAfter = result.retryAfterSeconds !== null ? Math.min(result.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
          await this.finish(em, message, { status: 'PENDING', attempts: attemptsSoFar, nextAttemptAt: new Date(now.getTime() + Math.max(scheduled, retryAfter)) });
        }
        if (reason) s.disableReason ??= reason;
      }
      if (deliveredIds.length) {
        await em
          .createQueryBuilder()
          .update(WebhookMessage)
          .set({ status: 'DELIVERED', attempts: () => 'attempts + 1', deliveredAt: now, nextAttemptAt: null, lockedUntil: null, lockedBy: null, ...changedBySystem(now) })
          .where({ id: In(deliveredIds), lockedBy: this.id })
          .execute();
      }
      for (const [id, s] of state) {
        const row = current.get(id);
        if (!row) continue;
        if (s.disableReason && row.active) {
          await em.update(Webhook, { id }, { active: false, disabledAt: now, disabledReason: s.disableReason, failingSince: row.failingSince ?? now, ...changedBySystem(now) });
          await this.deps.events.emit(em, Principal.system(row.tenantId), {
            action: 'webhook.disabled',
            tenantId: row.tenantId,
            targetType: 'Webhook',
            targetId: id,
            changes: { active: { before: true, after: false } },
            data: { id, url: row.url, reason: s.disableReason, disabledAt: now.toISOString(), channelId: row.channelId },
            channelId: row.channelId,
          });
          disabled.push({ webhook: row, reason: s.disableReason });
        } else if (s.success) {
          await em.update(Webhook, { id }, { failingSince: null, lastDeliveryAt: now });
        } else if (s.failure && !row.failingSince) {
          await em.update(Webhook, { id }, { failingSince: now });
        }
      }
      return deliveredIds.length;
    });
    for (const { webhook, reason } of disabled) this.deps.log.warn({ webhookId: webhook.id, tenantId: webhook.tenantId, reason }, 'webhook endpoint disabled');
    return delivered;
  }
}

/** Backoff after `failures` consecutive failures: the base doubling, at most 2 s. */
function backoffMs(base: number, failures: number): number {
  return Math.min(2000, Math.max(base, 50) * 2 ** Math.min(failures - 1, 6));
}

interface Outcome {
  message: WebhookMessage;
  /** null: the webhook is gone or inactive; the message is cancelled without an attempt. */
  webhook: Webhook | null;
  result: DeliveryResult | null;
  at: Date;
}
