import type { DomainEvent } from '../../src/domain/shared/domain-events';
import type { TestServer } from './harness';

export type CapturedEvent = DomainEvent & { actorLabel: string };

/** Records every domain event the server emits (a sink on Keyward's event bus), with the actor's label. */
export function captureEvents(server: TestServer): CapturedEvent[] {
  const events: CapturedEvent[] = [];
  server.kw.events.register({
    write: async (_em, principal, event) =>
      void events.push({ ...structuredClone(event), actorLabel: principal.label }),
  });
  return events;
}
