import { grantRowsOf } from '../loaders';
import type { Resolvers } from '../../generated/graphql';
import { apiKeyStatus, expirationState } from '../../domain/api-keys/api-key-status';
import { auditActorResolvers } from './actor';

export const apiKeyResolvers: Resolvers = {
  Query: {
    apiKeys: (_root, args, { services, principal }) => services.apiKeys.list(principal, args),
    apiKey: (_root, args, { services, principal }) => services.apiKeys.get(principal, args.id),
    mySecretApiKeys: (_root, args, { services, principal }) => services.apiKeys.listOwnSecretKeys(principal, args),
  },
  Mutation: {
    createGraphQLApiKey: (_root, args, { services, principal }) =>
      services.apiKeys.createGraphQLKey(principal, args.input),
    createRestCredential: (_root, args, { services, principal }) =>
      services.apiKeys.createRestCredential(principal, args.input),
    createSecretApiKey: (_root, args, { services, principal }) =>
      services.apiKeys.createSecretKey(principal, args.title),
    updateApiKey: (_root, args, { services, principal }) => services.apiKeys.update(principal, args.id, args.input),
    rotateApiKey: (_root, args, { services, principal }) => services.apiKeys.rotate(principal, args.id, args),
    revokeApiKey: (_root, args, { services, principal }) => services.apiKeys.revoke(principal, args.id, args.reason),
    deleteApiKeys: (_root, args, { services, principal }) => services.apiKeys.delete(principal, args.ids),
    updateSecretApiKey: (_root, args, { services, principal }) =>
      services.apiKeys.updateOwnSecretKey(principal, args.id, args.title),
    revokeSecretApiKey: (_root, args, { services, principal }) =>
      services.apiKeys.revokeOwnSecretKey(principal, args.id),
    deleteSecretApiKey: (_root, args, { services, principal }) =>
      services.apiKeys.deleteOwnSecretKey(principal, args.id),
  },
  ApiKeyConnection: {
    totalCount: (connection) => connection.totalCount(),
  },
  ApiKey: {
    status: (key) => apiKeyStatus(key),
    expirationState: (key) => expirationState(key),
    grants: async (key, _args, { loaders }) =>
      key.kind === 'PERSONAL' ? [] : grantRowsOf(await loaders.apiKeyGrants.load(key.id)),
    effectiveGrants: (key, _args, { loaders }) => {
      if (key.kind === 'PERSONAL') return key.ownerId ? loaders.userEffectiveGrants(key.ownerId) : [];
      return loaders.apiKeyEffectiveGrants(key.id, key.authorizationGroupId);
    },
    owner: (key, _args, { loaders }) => (key.ownerId ? loaders.user.load(key.ownerId) : null),
    channel: (key, _args, { loaders }) => (key.channelId ? loaders.channel.load(key.channelId) : null),
    authorizationGroup: (key, _args, { loaders }) =>
      key.authorizationGroupId ? loaders.authorizationGroup.load(key.authorizationGroupId) : null,
    revokedBy: (key, _args, { loaders }) => loaders.actor(key.revokedByType, key.revokedById),
    ...auditActorResolvers,
  },
};
