import { graphql } from '../../gql';

export const ApiKeyFieldsFragment = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    kind
    name
    description
    active
    status
    expirationState
    prefix
    last4
    clientId
    expiresAt
    ipAllowlist
    rateLimitPerMinute
    channelId
    channel {
      id
      code
      name
    }
    grants {
      roleKey
      level
    }
    authorizationGroupId
    authorizationGroup {
      id
      name
    }
    owner {
      id
      email
      name
    }
    lastUsedAt
    lastUsedIp
    revokedAt
    revokedReason
    rotatedAt
    previousSecretExpiresAt
    previousSecretLastUsedAt
    previousSecretUseCount
    leakedAt
    leakSource
    usage24h
    createdAt
    updatedAt
  }
`);

export const ApiKeysDocument = graphql(`
  query ApiKeys(
    $filter: ApiKeyFilter
    $orderBy: ApiKeyOrder
    $first: Int
    $after: String
    $last: Int
    $before: String
  ) {
    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          ...ApiKeyFields
        }
      }
    }
    tenant {
      id
      apiKeyUsage {
        used
        limit
      }
    }
    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) {
      totalCount
    }
  }
`);

// the page's 24-hour sparklines, fetched after the list (same variables: the same keys) so the list stays fast
export const ApiKeySparklinesDocument = graphql(`
  query ApiKeySparklines(
    $filter: ApiKeyFilter
    $orderBy: ApiKeyOrder
    $first: Int
    $after: String
    $last: Int
    $before: String
    $from: DateTime!
    $to: DateTime!
  ) {
    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
      edges {
        node {
          id
          usage(from: $from, to: $to, granularity: HOUR) {
            start
            total
          }
        }
      }
    }
  }
`);

export const ApiKeyDocument = graphql(`
  query ApiKey($id: ID!) {
    apiKey(id: $id) {
      ...ApiKeyFields
    }
    tenant {
      id
      leakedKeyAction
    }
  }
`);

export const KeyFormOptionsDocument = graphql(`
  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {
    channels(first: 100) @include(if: $withChannels) {
      edges {
        node {
          id
          code
          name
        }
      }
    }
    authorizationGroups(type: API_KEY) @include(if: $withRoles) {
      id
      name
      grants {
        roleKey
        level
      }
    }
    roleDefinitions @include(if: $withRoles) {
      id
      key
      name
      builtIn
    }
  }
`);

export const CreateGraphQLApiKeyDocument = graphql(`
  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {
    createGraphQLApiKey(input: $input) {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const CreateRestCredentialDocument = graphql(`
  mutation CreateRestCredential($input: CreateRestCredentialInput!) {
    createRestCredential(input: $input) {
      clientId
      clientSecret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const UpdateApiKeyDocument = graphql(`
  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {
    updateApiKey(id: $id, input: $input) {
      ...ApiKeyFields
    }
  }
`);

export const RotateApiKeyDocument = graphql(`
  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {
    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {
      secret
      apiKey {
        ...ApiKeyFields
      }
    }
  }
`);

export const RevokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!, $reason: String) {
    revokeApiKey(id: $id, reason: $reason) {
      ...ApiKeyFields
    }
  }
`);

export const DeleteApiKeysDocument = graphql(`
  mutation DeleteApiKeys($ids: [ID!]!) {
    deleteApiKeys(ids: $ids) {
      deletedIds
    }
  }
`);
