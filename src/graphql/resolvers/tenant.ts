import type { Resolvers } from '../../generated/graphql';

export const tenantResolvers: Resolvers = {
  Query: {
    tenant: (_root, _args, { services, principal }) => services.tenants.current(principal),
  },
};
