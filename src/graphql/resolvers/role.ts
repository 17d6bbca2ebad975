import type { Resolvers } from '../../generated/graphql';
import { auditActorResolvers } from './actor';

export const roleResolvers: Resolvers = {
  Query: {
    roleDefinitions: (_root, _args, { services, principal }) => services.roles.listDefinitions(principal),
    authorizationGroups: (_root, args, { services, principal }) => services.roles.listGroups(principal, args),
    authorizationGroup: (_root, args, { services, principal }) => services.roles.groupById(principal, args),
  },
  Mutation: {
    createRoleDefinition: (_root, args, { services, principal }) => services.roles.createDefinition(principal, args),
    updateRoleDefinition: (_root, args, { services, principal }) => services.roles.updateDefinition(principal, args),
    deleteRoleDefinition: (_root, args, { services, principal }) => services.roles.deleteDefinition(principal, args),
    createAuthorizationGroup: (_root, args, { services, principal }) => services.roles.createGroup(principal, args),
    updateAuthorizationGroup: (_root, args, { services, principal }) => services.roles.updateGroup(principal, args),
    deleteAuthorizationGroup: (_root, args, { services, principal }) => services.roles.deleteGroup(principal, args),
  },
  RoleDefinition: { ...auditActorResolvers },
  AuthorizationGroup: {
    grants: (group, _args, { loaders }) => loaders.groupGrants.load(group.id),
    ...auditActorResolvers,
  },
  RoleGrant: {
    roleKey: (grant, _args, { loaders }) =>
      grant.roleDefinition?.key ?? loaders.roleDefinition.load(grant.roleDefinitionId).then((r) => r?.key ?? ''),
    role: async (grant, _args, { loaders }) =>
      grant.roleDefinition ?? (await loaders.roleDefinition.load(grant.roleDefinitionId))!,
    createdBy: auditActorResolvers.createdBy,
  },
};
