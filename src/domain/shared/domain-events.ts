import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { runStatement } from '../../db/entity-rows';

/** A field's value before and after a change; secrets are never put here. */
export interface FieldChange {
  before?: unknown;
  after?: unknown;
}

/**
 * Something that happened, emitted by a service inside the transaction that made it happen.
 * Sinks turn it into an audit event (every event) and webhook outbox rows (catalog events).
 */
export interface DomainEvent {
  /** e.g. `api_key.created`, `user.updated`, `channel.deleted`, `auth.login_failed`. */
  action: string;
  tenantId: string;
  /** e.g. `ApiKey`, `User`, `Channel`. */
  targetType: string;
  targetId: string | null;
  /** Changed fields, before → after. */
  changes?: Record<string, FieldChange>;
  /** Webhook payload `data` (a public view of the target); never a secret. */
  data?: Record<string, unknown>;
  /** Channel the target belongs to, for channel-filtered webhooks. */
  channelId?: string | null;
}

export interface DomainEventSink {
  write(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void>;
}

/** Which run of one instance's consecutive audit-chain appends an event was appended in (AuditService.runOf). */
export interface AppendRuns {
  runOf(event: DomainEvent): number | undefined;
}

/**
 * A change to the tenant's row of `table` (keyed by `tenantId`) that a transaction makes last, folded
 * into the UPDATE that moves the tenant's audit chain head just before COMMIT: one round trip fewer,
 * and the row is locked only from there to COMMIT. `value` and `where` name the row's columns `r.…`.
 */
export interface HeadRider {
  table: string;
  /** The column the change sets, to `value` (an SQL expression). */
  column: string;
  value: string;
  valueParams: unknown[];
  /** A condition on the row ('' for none): when it fails, nothing changes and `refused` says why. */
  where: string;
  whereParams: unknown[];
  /** Throws the answer to a change its condition refused. */
  refused?(em: EntityManager): Promise<never>;
}

/**
 * Makes `rider`'s change in a statement of its own: when no head move takes it, or when the combined
 * UPDATE matched nothing (then this says whether the rider refused).
 */
export async function changeAlone(em: EntityManager, tenantId: string, rider: HeadRider): Promise<void> {
  const { affected } = await runStatement(
    em,
    `UPDATE \`${rider.table}\` AS r SET \`${rider.column}\` = ${rider.value} WHERE r.\`tenantId\` = ?` +
      (rider.where ? ` AND ${rider.where}` : ''),
    [...rider.valueParams, tenantId, ...rider.whereParams],
  );
  if (affected === 0) await rider.refused?.(em);
}

/** What moves audit chain heads before COMMIT (the AuditService). */
export interface HeadMoves {
  /** True when `rider` will run with the head move of `tenantId` in the transaction of `em`. */
  ride(em: EntityManager, tenantId: string, rider: HeadRider): boolean;
}

/** Fans an event out to every sink (audit log, webhook outbox) in the caller's transaction. */
export class DomainEvents {
  private readonly sinks: DomainEventSink[] = [];
  private headMoves: HeadMoves | undefined;

  /** `sink` gets every event; when it moves audit chain heads too, it takes riders (changeWithHead). */
  register(sink: DomainEventSink & Partial<HeadMoves>): void {
    this.sinks.push(sink);
    if (sink.ride) this.headMoves = sink as HeadMoves;
  }

  /**
   * Makes `rider`'s change with the tenant's audit head move, when this transaction has emitted an
   * event of the tenant (MySQL/MariaDB); else now, alone. Either way before COMMIT, in the transaction.
   */
  async changeWithHead(em: EntityManager, tenantId: string, rider: HeadRider): Promise<void> {
    if (!this.headMoves?.ride(em, tenantId, rider)) await changeAlone(em, tenantId, rider);
  }

  async emit(em: EntityManager, principal: Principal, event: DomainEvent): Promise<void> {
    for (const sink of this.sinks) await sink.write(em, principal, event);
  }
}

/** before → after for the fields that differ (shallow; Dates compared by time). */
export function diffFields<T extends object>(
  before: Partial<T>,
  after: Partial<T>,
  fields: Array<keyof T>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of fields) {
    const a = before[field];
    const b = after[field];
    const same =
      a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : JSON.stringify(a) === JSON.stringify(b);
    if (!same) changes[String(field)] = { before: a ?? null, after: b ?? null };
  }
  return changes;
}
