import type { Resolvers } from '../../generated/graphql';
import { actorResolvers } from './actor';
import { channelResolvers } from './channel';
import { roleResolvers } from './role';
import { apiKeyResolvers } from './api-key';
import { auditResolvers } from './audit';
import { scalarResolvers } from './scalars';
import { tenantResolvers } from './tenant';
import { usageResolvers } from './usage';
import { userResolvers } from './user';
import { webhookResolvers } from './webhook';

/** Every domain's resolvers; each resolver is one call into a service. */
export const resolvers: Resolvers[] = [
  scalarResolvers as Resolvers,
  actorResolvers,
  tenantResolvers,
  userResolvers,
  channelResolvers,
  roleResolvers,
  apiKeyResolvers,
  webhookResolvers,
  auditResolvers,
  usageResolvers,
];
