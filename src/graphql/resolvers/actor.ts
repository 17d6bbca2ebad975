import type { AuditFields } from '../../db/entities/columns';
import { User } from '../../db/entities/user.entity';
import type { Resolvers } from '../../generated/graphql';
import type { GraphQLContext } from '../context';

/** `createdBy` / `updatedBy` of any audited type, through the per-request actor loaders. */
export const auditActorResolvers = {
  createdBy: (row: AuditFields, _args: unknown, { loaders }: GraphQLContext) =>
    loaders.actor(row.createdByType, row.createdById),
  updatedBy: (row: AuditFields, _args: unknown, { loaders }: GraphQLContext) =>
    loaders.actor(row.updatedByType, row.updatedById),
};

export const actorResolvers: Resolvers = {
  Actor: {
    __resolveType: (actor) => (actor instanceof User ? 'User' : ('ApiKey' as 'User')),
  },
};
