import { notFound } from '../../errors';
import type { Resolvers } from '../../generated/graphql';

export const userResolvers: Resolvers = {
  Query: {
    me: (_root, _args, { principal }) => principal,
  },
  Mutation: {
    login: (_root, args, { services, principal }) => services.auth.login(principal, args),
  },
  Principal: {
    type: (principal) => principal.type as 'USER' | 'API_KEY' | 'REST_CLIENT',
    user: (principal, _args, { loaders }) => (principal.userId ? loaders.user.load(principal.userId) : null),
    tenant: async (principal, _args, { loaders }) => (await loaders.tenant.load(principal.tenant)) ?? Promise.reject(notFound('Tenant')),
    grants: (principal) => principal.grants.toArray(),
  },
};
