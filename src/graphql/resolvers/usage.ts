import type { Resolvers } from '../../generated/graphql';

/** Usage analytics (docs/design.md §14): ApiKey.usage/usage24h, Tenant.usage/topKeys. */
export const usageResolvers: Resolvers = {
  ApiKey: {
    usage: (key, args, { loaders }) => loaders.keyUsage(args).load(key),
    usage24h: (key, _args, { loaders }) => loaders.usage24h.load(key),
  },
  Tenant: {
    usage: (tenant, args, { services, principal }) => services.usage.tenantUsage(principal, tenant.id, args),
    topKeys: (tenant, args, { services, principal }) => services.usage.topKeys(principal, tenant.id, args),
  },
};
