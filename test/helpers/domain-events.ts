import type { DomainEvent } from '../../src/domain/shared/domain-events';
import type { TestServer } from './harness';

export type CapturedEvent = DomainEvent & { actorLabel: string };

/**
 * Records every domain event the server commits (a sink on Keyward's event bus), with the actor's
 * label: an event emitted in a transaction that then rolls back is not recorded.
 */
export function captureEvents(server: TestServer, into: CapturedEvent[] = []): CapturedEvent[] {
  server.kw.events.register({
    write: async (em, principal, event) => {
      const captured = { ...structuredClone(event), actorLabel: principal.label };
      server.kw.infrastructure.tx.afterCommit(em, () => void into.push(captured));
    },
  });
  return into;
}

/** captureEvents for a suite's server (testServerForSuite): the array fills from the suite's beforeAll on. */
export function eventsForSuite(server: TestServer): CapturedEvent[] {
  const events: CapturedEvent[] = [];
  beforeAll(() => void captureEvents(server, events));
  return events;
}
