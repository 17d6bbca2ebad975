import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import os from 'node:os';
import { In, type EntityManager } from 'typeorm';
import { isUnavailableError } from '../../core/errors';
import { WebhookMessage } from '../../db/entities/webhook-message.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { DeliveryRecorder, type Outcome } from './delivery-recorder';
import type { WebhookSender } from './sender';

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
  private readonly recorder: DeliveryRecorder;
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
    this.recorder = new DeliveryRecorder(deps, {
      dispatcherId: this.id,
      retryScale: options.retryScale ?? deps.config.webhookRetryScale,
    });
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
        if (failures > 0)
          this.deps.log.info({ dispatcher: this.id, failedRounds: failures }, 'webhook dispatcher resumed');
        failures = 0;
      } catch (error) {
        failures++;
        if (!isUnavailableError(error))
          this.deps.log.warn({ err: error, dispatcher: this.id }, 'webhook dispatcher round failed');
        else if (failures === 1)
          this.deps.log.warn(
            { reason: (error as Error).message, dispatcher: this.id },
            'database unreachable: webhook dispatcher backing off until it returns',
          );
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
    const webhooks = new Map(
      (await this.deps.dataSource.getRepository(Webhook).findBy({ id: In(webhookIds) })).map((w) => [w.id, w]),
    );
    const outcomes = await Promise.all(
      messages.map((message) => this.attempt(message, webhooks.get(message.webhookId))),
    );
    if (this.killed) return messages.length; // a crashed process records nothing
    try {
      const delivered = await this.withOutageRetry(leaseEnds, () => this.recorder.all(outcomes));
      this.delivered += delivered;
    } catch (error) {
      this.deps.log.error(
        { err: error, dispatcher: this.id, messages: messages.length },
        'webhook deliveries could not be recorded; they are retried when their lease ends',
      );
    }
    return messages.length;
  }

  private async attempt(message: WebhookMessage, webhook: Webhook | undefined): Promise<Outcome> {
    if (!webhook || !webhook.active) return { message, webhook: null, result: null, at: new Date() };
    const at = new Date();
    try {
      const result = await this.sender.send(webhook, message, this.abort.signal);
      // never the URL (it may carry a token) nor the signing secret
      if (!result.ok)
        this.deps.log.warn(
          {
            webhookId: webhook.id,
            tenantId: webhook.tenantId,
            messageId: message.id,
            eventType: message.eventType,
            attempt: message.attempts + 1,
            statusCode: result.statusCode,
            error: result.error,
          },
          'webhook delivery failed',
        );
      return { message, webhook, result, at };
    } catch (error) {
      this.deps.log.error({ err: error, webhookId: webhook.id }, 'webhook could not be signed');
      return {
        message,
        webhook,
        at,
        result: {
          ok: false,
          statusCode: null,
          responseBody: null,
          error: 'internal error: could not sign the message',
          durationMs: 0,
          retryAfterSeconds: null,
        },
      };
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
        if (!isUnavailableError(error) || !this.running || this.killed || Date.now() + wait >= leaseEnds - 1000)
          throw error;
        if (attempt === 1)
          this.deps.log.warn(
            { reason: (error as Error).message, dispatcher: this.id },
            'database unreachable: webhook deliveries made are recorded once it returns',
          );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}

/** Backoff after `failures` consecutive failures: the base doubling, at most 2 s. */
function backoffMs(base: number, failures: number): number {
  return Math.min(2000, Math.max(base, 50) * 2 ** Math.min(failures - 1, 6));
}
