import type { Resolvers } from '../../generated/graphql';
import { auditActorResolvers } from './actor';

export const tenantResolvers: Resolvers = {
  Query: {
    tenant: (_root, _args, { services, principal }) => services.tenants.current(principal),
    tenants: (_root, _args, { services, principal }) => services.tenants.list(principal),
  },
  Mutation: {
    createTenant: (_root, args, { services, principal }) => services.tenants.create(principal, args),
    updateTenant: (_root, args, { services, principal }) => services.tenants.update(principal, args),
  },
  Tenant: {
    apiKeyUsage: (tenant) => ({ tenantId: tenant.id, limit: tenant.apiKeyLimit }),
    ...auditActorResolvers,
  },
  ApiKeyUsage: {
    used: (usage, _args, { loaders }) => loaders.apiKeyUsage.load(usage.tenantId),
  },
};
