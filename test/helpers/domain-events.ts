import type { DomainEvent } from '../../src/services/domain-events';
import type { DomainEvents } from '../../src/services/domain-events';
import type { TestServer } from './harness';

/**
 * Records every domain event the server emits (registers a sink on the shared DomainEvents, which
 * Keyward does not expose yet: reached through a service's deps).
 */
export function captureEvents(server: TestServer): DomainEvent[] {
  const events: DomainEvent[] = [];
  const bus = (server.kw.services.users as unknown as { deps: { events: DomainEvents } }).deps.events;
  bus.register({ write: async (_em, _principal, event) => void events.push(structuredClone(event)) });
  return events;
}
