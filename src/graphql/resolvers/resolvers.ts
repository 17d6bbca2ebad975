import type { Resolvers } from '../../generated/graphql';
import { auditResolvers } from './audit';
import { scalarResolvers } from './scalars';
import { tenantResolvers } from './tenant';
import { userResolvers } from './user';

/** Every domain's resolvers; each resolver is one call into a service. */
export const resolvers: Resolvers[] = [scalarResolvers as Resolvers, tenantResolvers, userResolvers, auditResolvers];
