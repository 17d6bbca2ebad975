import { GrantSet, Principal } from '../../src/core/principal';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import type { DomainEvent } from '../../src/domain/shared/domain-events';
import { serviceDeps } from './fixtures';
import type { TestServer } from './harness';

export const TEST_REQUEST = { ip: '203.0.113.7', userAgent: 'audit-test/1.0', requestId: 'req-audit-1' };

/** A user principal acting in a known request (what a resolver would pass to a service). */
export function userPrincipal(
  tenantId: string,
  userId: string,
  label: string,
  request = TEST_REQUEST,
  grants?: GrantSet,
): Principal {
  return new Principal({ type: 'USER', tenantId, userId, label, request, grants });
}

/** Emits events through deps.events in one transaction, as a service's mutation would. */
export async function emitInTransaction(
  server: TestServer,
  principal: Principal,
  events: Array<Partial<DomainEvent> & { tenantId: string }>,
): Promise<void> {
  const deps = serviceDeps(server);
  await deps.tx.run(async (em) => {
    for (const event of events) {
      await deps.events.emit(em, principal, {
        action: 'channel.created',
        targetType: 'Channel',
        targetId: null,
        ...event,
      });
    }
  });
}

/** A tenant's events straight from the table, oldest first. */
export function storedEvents(server: TestServer, tenantId: string): Promise<AuditEvent[]> {
  return server.kw.dataSource.getRepository(AuditEvent).find({ where: { tenantId }, order: { seq: 'ASC' } });
}

export const AUDIT_EVENTS = `query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    edges { cursor node { id seq action actorType actorId actorLabel targetType targetId changes ip userAgent requestId createdAt prevHash hash } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

export const VERIFY = '{ verifyAuditChain { ok checked firstBrokenEventId problem prunedThroughSeq } }';
