import { notFound } from '../../core/errors';
import type { Resolvers } from '../../generated/graphql';
import { auditActorResolvers } from './actor';

export const userResolvers: Resolvers = {
  Query: {
    me: (_root, _args, { principal }) => principal,
    users: (_root, args, { services, principal }) => services.users.list(principal, args),
    user: (_root, args, { services, principal }) => services.users.byId(principal, args.id),
  },
  Mutation: {
    login: (_root, args, { services, principal }) => services.auth.login(principal, args),
    createUser: (_root, args, { services, principal }) => services.users.create(principal, args),
    updateUser: (_root, args, { services, principal }) => services.users.update(principal, args),
    setUserGrants: (_root, args, { services, principal }) => services.users.setGrants(principal, args),
    revokeUserSessions: (_root, args, { services, principal }) => services.users.revokeSessions(principal, args),
    revokeMySessions: (_root, _args, { services, principal }) => services.users.revokeOwnSessions(principal),
    changeMyPassword: (_root, args, { services, principal }) => services.auth.changeMyPassword(principal, args),
  },
  User: {
    grants: (user, _args, { loaders }) => loaders.userGrants.load(user.id),
    groups: (user, _args, { loaders }) => loaders.userGroups.load(user.id),
    effectiveGrants: (user, _args, { loaders }) => loaders.userEffectiveGrants(user.id),
    ...auditActorResolvers,
  },
  Principal: {
    type: (principal) => principal.type as 'USER' | 'API_KEY' | 'REST_CLIENT',
    user: (principal, _args, { loaders }) => (principal.userId ? loaders.user.load(principal.userId) : null),
    apiKey: (principal, _args, { loaders }) => (principal.apiKeyId ? loaders.apiKey.load(principal.apiKeyId) : null),
    channel: (principal, _args, { loaders }) =>
      principal.channelId ? loaders.channel.load(principal.channelId) : null,
    tenant: async (principal, _args, { loaders }) =>
      (await loaders.tenant.load(principal.tenant)) ?? Promise.reject(notFound('Tenant')),
    grants: (principal) => principal.grants.toArray(),
  },
};
