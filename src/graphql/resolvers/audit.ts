import type { Resolvers } from '../../generated/graphql';

export const auditResolvers: Resolvers = {
  Query: {
    auditEvents: (_root, args, { services, principal }) => services.auditLog.list(principal, args),
    verifyAuditChain: (_root, _args, { services, principal }) => services.auditLog.verifyChain(principal),
  },
  AuditEvent: {
    changes: (event) => (event.changes === null ? null : JSON.parse(event.changes)),
    actor: (event, _args, { loaders }) =>
      loaders.actor(
        event.actorType === 'USER' || event.actorType === 'API_KEY' ? event.actorType : null,
        event.actorId,
      ),
  },
};
