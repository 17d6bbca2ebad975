import type { Resolvers } from '../../generated/graphql';
import { auditActorResolvers } from './actor';

export const webhookResolvers: Resolvers = {
  Query: {
    webhooks: (_root, _args, { services, principal }) => services.webhooks.list(principal),
    webhook: (_root, { id }, { services, principal }) => services.webhooks.find(principal, id),
    webhookAttempts: (_root, { webhookId, ...page }, { services, principal }) =>
      services.webhooks.attempts(principal, webhookId, page),
    webhookMessages: (_root, { webhookId, ...page }, { services, principal }) =>
      services.webhooks.messages(principal, webhookId, page),
    webhookEventTypes: (_root, _args, { services, principal }) => services.webhooks.eventTypes(principal),
  },
  Mutation: {
    createWebhook: (_root, { input }, { services, principal }) => services.webhooks.create(principal, input),
    updateWebhook: (_root, { id, input }, { services, principal }) => services.webhooks.update(principal, id, input),
    deleteWebhook: (_root, { id }, { services, principal }) => services.webhooks.delete(principal, id),
    rotateWebhookSecret: (_root, { id, gracePeriodSeconds }, { services, principal }) =>
      services.webhooks.rotateSecret(principal, id, gracePeriodSeconds),
    sendTestWebhook: (_root, { id }, { services, principal }) => services.webhooks.sendTest(principal, id),
    redeliverWebhookMessage: (_root, { id }, { services, principal }) => services.webhooks.redeliver(principal, id),
    publishEvent: (_root, { type, payload, channelId }, { services, principal }) =>
      services.webhooks.publishEvent(principal, type, payload, channelId),
  },
  Webhook: { ...auditActorResolvers },
  WebhookMessage: {
    payload: (message) => JSON.parse(message.payload) as unknown,
    ...auditActorResolvers,
  },
  WebhookAttempt: { ...auditActorResolvers },
};
