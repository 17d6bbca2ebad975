import { GrantSet } from '../../auth/principal';
import { ApiKey } from '../../entities/api-key.entity';
import type { ActorType } from '../../entities/columns';
import type { User } from '../../entities/user.entity';
import type { Resolvers } from '../../generated/graphql';
import { apiKeyStatus, expirationState } from '../../services/api-key-status';
import type { GraphQLContext } from '../context';

/** The user or key behind audit fields (SYSTEM and deleted actors: null). */
function actor(type: ActorType | null, id: string | null, { loaders }: GraphQLContext): Promise<User | ApiKey | null> | null {
  if (!id) return null;
  if (type === 'USER') return loaders.user.load(id);
  if (type === 'API_KEY') return loaders.apiKey.load(id);
  return null;
}

export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_root, args, { services, principal }) => services.apiKeys.list(principal, args),
    apiKey: (_root, args, { services, principal }) => services.apiKeys.get(principal, args.id),
    mySecretApiKeys: (_root, args, { services, principal }) => services.apiKeys.listOwnSecretKeys(principal, args),
  },
  Mutation: {
    createGraphQLApiKey: (_root, args, { services, principal }) => services.apiKeys.createGraphQLKey(principal, args.input),
    createRestCredential: (_root, args, { services, principal }) => services.apiKeys.createRestCredential(principal, args.input),
    createSecretApiKey: (_root, args, { services, principal }) => services.apiKeys.createSecretKey(principal, args.title),
    updateApiKey: (_root, args, { services, principal }) => services.apiKeys.update(principal, args.id, args.input),
    rotateApiKey: (_root, args, { services, principal }) => services.apiKeys.rotate(principal, args.id, args),
    revokeApiKey: (_root, args, { services, principal }) => services.apiKeys.revoke(principal, args.id, args.reason),
    deleteApiKeys: (_root, args, { services, principal }) => services.apiKeys.delete(principal, args.ids),
    updateSecretApiKey: (_root, args, { services, principal }) => services.apiKeys.updateOwnSecretKey(principal, args.id, args.title),
    revokeSecretApiKey: (_root, args, { services, principal }) => services.apiKeys.revokeOwnSecretKey(principal, args.id),
    deleteSecretApiKey: (_root, args, { services, principal }) => services.apiKeys.deleteOwnSecretKey(principal, args.id),
  },
  Tenant: {
    apiKeyUsage: (tenant, _args, { services, principal }) => services.apiKeys.usage(principal, tenant),
  },
  ApiKeyConnection: {
    totalCount: (connection) => connection.totalCount(),
  },
  ApiKey: {
    status: (key) => apiKeyStatus(key),
    expirationState: (key) => expirationState(key),
    grants: (key, _args, { loaders }) => (key.kind === 'PERSONAL' ? [] : loaders.apiKeyGrants.load(key.id)),
    effectiveGrants: async (key, _args, { loaders }) => {
      if (key.kind === 'PERSONAL') return key.ownerId ? loaders.userEffectiveGrants.load(key.ownerId) : [];
      const [inline, group] = await Promise.all([
        loaders.apiKeyGrants.load(key.id),
        key.authorizationGroupId ? loaders.groupGrants.load(key.authorizationGroupId) : [],
      ]);
      return new GrantSet([...inline, ...group]).toArray();
    },
    owner: (key, _args, { loaders }) => (key.ownerId ? loaders.user.load(key.ownerId) : null),
    revokedBy: (key, _args, ctx) => actor(key.revokedByType, key.revokedById, ctx),
    createdBy: (key, _args, ctx) => actor(key.createdByType, key.createdById, ctx),
    updatedBy: (key, _args, ctx) => actor(key.updatedByType, key.updatedById, ctx),
  },
  Actor: {
    __resolveType: (value) => (value instanceof ApiKey ? 'ApiKey' : 'User'),
  },
};
