import { graphql } from '../../gql';

export const WebhookFieldsFragment = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    description
    events
    active
    channelId
    previousSecretExpiresAt
    secretRotatedAt
    failingSince
    disabledAt
    disabledReason
    lastDeliveryAt
    createdAt
    updatedAt
  }
`);

export const WebhookAttemptFieldsFragment = graphql(`
  fragment WebhookAttemptFields on WebhookAttempt {
    id
    messageId
    eventType
    statusCode
    responseBody
    error
    durationMs
    attemptedAt
  }
`);

export const WebhooksDocument = graphql(`
  query Webhooks {
    webhooks {
      ...WebhookFields
    }
  }
`);

/** The newest attempt of one webhook: the list's "last delivery" column. */
export const LastAttemptDocument = graphql(`
  query WebhookLastAttempt($webhookId: ID!) {
    webhookAttempts(webhookId: $webhookId, first: 1) {
      edges {
        node {
          ...WebhookAttemptFields
        }
      }
    }
  }
`);

export const WebhookFormOptionsDocument = graphql(`
  query WebhookFormOptions($withChannels: Boolean!) {
    webhookEventTypes
    channels(first: 100) @include(if: $withChannels) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
  }
`);

export const WebhookDocument = graphql(`
  query Webhook($id: ID!) {
    webhook(id: $id) {
      ...WebhookFields
    }
  }
`);

export const DeliveryLogDocument = graphql(`
  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {
    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          eventType
          status
          attempts
          nextAttemptAt
          deliveredAt
          createdAt
        }
      }
    }
    webhookAttempts(webhookId: $webhookId, first: 100) {
      edges {
        node {
          ...WebhookAttemptFields
        }
      }
    }
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      signingSecret
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const UpdateWebhookDocument = graphql(`
  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookFields
    }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id) {
      deletedId
    }
  }
`);

export const RotateWebhookSecretDocument = graphql(`
  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {
    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {
      signingSecret
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const SendTestWebhookDocument = graphql(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(id: $id) {
      ...WebhookAttemptFields
    }
  }
`);

export const RedeliverWebhookMessageDocument = graphql(`
  mutation RedeliverWebhookMessage($id: ID!) {
    redeliverWebhookMessage(id: $id) {
      id
      status
      attempts
      nextAttemptAt
      deliveredAt
    }
  }
`);
