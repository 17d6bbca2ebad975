import type { Resolvers } from '../../generated/graphql';
import { auditActorResolvers } from './actor';

export const channelResolvers: Resolvers = {
  Query: {
    channels: (_root, args, { services, principal }) => services.channels.list(principal, args),
    channel: (_root, args, { services, principal }) => services.channels.byId(principal, args),
  },
  Mutation: {
    createChannel: (_root, args, { services, principal }) => services.channels.create(principal, args),
    updateChannel: (_root, args, { services, principal }) => services.channels.update(principal, args),
    deleteChannel: (_root, args, { services, principal }) => services.channels.delete(principal, args),
  },
  Channel: { ...auditActorResolvers },
};
