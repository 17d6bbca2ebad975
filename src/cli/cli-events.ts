import type { DataSource } from 'typeorm';
import { AuditService } from '../domain/audit/audit.service';
import { DomainEvents } from '../domain/shared/domain-events';
import { TransactionRunner } from '../db/transaction-runner';

/**
 * Domain events for CLI commands: into the tenant's audit log (hash chain included), like the
 * server writes them. No webhook outbox: the events operators cause are not in the webhook catalog.
 */
export function cliEvents(dataSource: DataSource): { events: DomainEvents; tx: TransactionRunner } {
  const tx = new TransactionRunner(dataSource);
  const events = new DomainEvents();
  events.register(new AuditService({ tx }));
  return { events, tx };
}
