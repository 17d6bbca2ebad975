import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { In, type EntityManager } from 'typeorm';
import { Principal } from '../auth/principal';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookMessage } from '../entities/webhook-message.entity';
import { Webhook } from '../entities/webhook.entity';
import type { ServiceDeps } from '../services/service-deps';
import type { DeliveryResult } from './delivery';
import { WebhookSender } from './sender';

/** Delays before the retries after a failed attempt (DESIGN §7): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
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
    private readonly deps: ServiceDeps,
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

  private async run(): Promise<void> {
    while (this.running) {
      let claimed = 0;
      try {
        await this.maybeSweep();
        claimed = await this.runOnce();
      } catch (error) {
        this.deps.log.warn({ err: error, dispatcher: this.id }, 'webhook dispatcher round failed');
      }
      if (!this.running) break;
      if (claimed === 0) await this.sleep(this.pollIntervalMs);
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

  /** One round: claim due messages and deliver them. Returns how many were claimed. */
  async runOnce(): Promise<number> {
    const messages = await this.claim(this.batchSize);
    await Promise.all(messages.map((message) => this.process(message)));
    return messages.length;
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

  /** MariaDB may pick a transaction as a deadlock victim; the work is safe to run again. */
  private async withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code ?? (error as { code?: string }).code;
        if (attempt >= 5 || (code !== 'ER_LOCK_DEADLOCK' && code !== 'ER_LOCK_WAIT_TIMEOUT')) throw error;
        await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
      }
    }
  }

  /**
   * Delivers one claimed message and records the outcome. Failures are logged, never thrown: the
   * lease runs out and the message is claimed again (at-least-once).
   */
  async process(message: WebhookMessage): Promise<void> {
    try {
      await this.processOrThrow(message);
    } catch (error) {
      this.deps.log.error({ err: error, messageId: message.id, dispatcher: this.id }, 'webhook delivery could not be recorded; it will be retried when the lease ends');
    }
  }

  private async processOrThrow(message: WebhookMessage): Promise<void> {
    const webhook = await this.deps.dataSource.getRepository(Webhook).findOneBy({ id: message.webhookId });
    if (!webhook || !webhook.active) {
      await this.finish(message, { status: 'CANCELLED', attempts: message.attempts, nextAttemptAt: null });
      return;
    }
    const at = new Date();
    const result = await this.sender.send(webhook, message, this.abort.signal);
    if (this.killed) return; // a crashed process records nothing
    await this.record(webhook, message, result, at);
  }

  private async finish(message: WebhookMessage, update: Partial<WebhookMessage>, em?: EntityManager): Promise<boolean> {
    const run = async (m: EntityManager) => {
      const res = await m
        .createQueryBuilder()
        .update(WebhookMessage)
        .set({ ...update, lockedUntil: null, lockedBy: null, updatedAt: new Date() })
        .where('id = :id AND lockedBy = :me', { id: message.id, me: this.id })
        .execute();
      return (res.affected ?? 0) > 0;
    };
    return em ? run(em) : this.deps.tx.run(run);
  }

  private async record(webhook: Webhook, message: WebhookMessage, result: DeliveryResult, at: Date): Promise<void> {
    const attempt = WebhookSender.attemptOf(webhook, message, result, at);
    const disabled = await this.withDeadlockRetry(() => this.deps.tx.run(async (em) => {
      // lock order: webhook row first, then the attempt (its foreign keys) and the message
      const current = await em.findOne(Webhook, {
        where: { id: webhook.id },
        ...(this.deps.tx.dialect === 'mysql' ? { lock: { mode: 'pessimistic_write' as const } } : {}),
      });
      await em.insert(WebhookAttempt, { ...attempt });
      const now = new Date();
      if (result.ok) {
        this.delivered++;
        await this.finish(message, { status: 'DELIVERED', attempts: message.attempts + 1, deliveredAt: now, nextAttemptAt: null }, em);
        if (current) await em.update(Webhook, { id: current.id }, { failingSince: null, lastDeliveryAt: now });
        return null;
      }
      const attempts = message.attempts + 1;
      let reason: string | null = null;
      if (result.statusCode === 410) reason = 'The endpoint answered 410 Gone';
      else if (current?.failingSince && now.getTime() - current.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) reason = 'The endpoint has been failing for 5 days';
      if (reason) {
        await this.finish(message, { status: 'FAILED', attempts, nextAttemptAt: null }, em);
      } else {
        const scheduled = retryDelayMs(attempts, this.retryScale);
        if (scheduled === null) {
          await this.finish(message, { status: 'FAILED', attempts, nextAttemptAt: null }, em);
        } else {
          const retryAfter = result.retryAfterSeconds !== null ? Math.min(result.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS) : 0;
          await this.finish(message, { status: 'PENDING', attempts, nextAttemptAt: new Date(now.getTime() + Math.max(scheduled, retryAfter)) }, em);
        }
      }
      if (!current) return null;
      if (reason && current.active) {
        await em.update(Webhook, { id: current.id }, { active: false, disabledAt: now, disabledReason: reason, failingSince: current.failingSince ?? now });
        await this.deps.events.emit(em, Principal.system(current.tenantId), {
          action: 'webhook.disabled',
          tenantId: current.tenantId,
          targetType: 'Webhook',
          targetId: current.id,
          changes: { active: { before: true, after: false } },
          data: { id: current.id, url: current.url, reason, disabledAt: now.toISOString(), channelId: current.channelId },
          channelId: current.channelId,
        });
        return reason;
      }
      if (!current.failingSince) await em.update(Webhook, { id: current.id }, { failingSince: now });
      return null;
    }));
    if (disabled) this.deps.log.warn({ webhookId: webhook.id, tenantId: webhook.tenantId, reason: disabled }, 'webhook endpoint disabled');
  }
}
