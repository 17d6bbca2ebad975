import { rateLimited } from '../core/errors';

export interface PasswordCheckLimits {
  /** Checks running at once (each scrypt holds one of libuv's 4 threads for ~50 ms). */
  running: number;
  /** Checks of one client running or waiting; more answer RATE_LIMITED. */
  perClient: number;
  /** Checks waiting in all; more answer RATE_LIMITED (an overload, not an outage). */
  queued: number;
}

/**
 * Bounds the scrypt work that unauthenticated sign-ins can cause, so a flood from one client can
 * neither fill libuv's thread pool nor make everyone else's sign-in wait behind it: waiting checks
 * are served round-robin by client, so another client's check waits for at most one of each.
 */
export class PasswordCheckGate {
  private active = 0;
  private waitingCount = 0;
  /** client → its waiting checks; Map order is the round-robin order. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly limits: PasswordCheckLimits = { running: 2, perClient: 8, queued: 256 }) {}

  /** Runs `check` for `client` once a slot is free; refuses at once past the limits. */
  async run<T>(client: string, check: () => Promise<T>): Promise<T> {
    const mine = this.inFlight.get(client) ?? 0;
    if (mine >= this.limits.perClient)
      throw rateLimited(1, 'Too many sign-in attempts in progress from this address; retry later');
    if (this.active >= this.limits.running && this.waitingCount >= this.limits.queued)
      throw rateLimited(1, 'Too many sign-in attempts in progress; retry shortly');
    this.inFlight.set(client, mine + 1);
    try {
      if (this.active < this.limits.running) this.active++;
      else await this.wait(client);
      try {
        return await check();
      } finally {
        this.release();
      }
    } finally {
      const left = this.inFlight.get(client)! - 1;
      if (left > 0) this.inFlight.set(client, left);
      else this.inFlight.delete(client);
    }
  }

  private wait(client: string): Promise<void> {
    this.waitingCount++;
    return new Promise((resolve) => {
      const queue = this.waiting.get(client);
      if (queue) queue.push(resolve);
      else this.waiting.set(client, [resolve]);
    });
  }

  /** Hands the slot to the first waiting client (which then goes to the back), or frees it. */
  private release(): void {
    const next = this.waiting.entries().next();
    if (next.done) {
      this.active--;
      return;
    }
    const [client, queue] = next.value;
    this.waiting.delete(client);
    const resolve = queue.shift()!;
    if (queue.length > 0) this.waiting.set(client, queue);
    this.waitingCount--;
    resolve();
  }
}
