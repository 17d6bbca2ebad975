import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';

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

/** Fans an event out to every sink (audit log, webhook outbox) in the caller's transaction. */
export class DomainEvents {
  private readonly sinks: DomainEventSink[] = [];

  register(sink: DomainEventSink): void {
    this.sinks.push(sink);
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
