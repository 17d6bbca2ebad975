/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel {\n      id\n      code\n      name\n    }\n    grants {\n      roleKey\n      level\n    }\n    authorizationGroupId\n    authorizationGroup {\n      id\n      name\n    }\n    owner {\n      id\n      email\n      name\n    }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ApiKeyFields\n        }\n      }\n    }\n    tenant {\n      id\n      apiKeyUsage {\n        used\n        limit\n      }\n    }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) {\n      totalCount\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  query ApiKeySparklines(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $from: DateTime!\n    $to: DateTime!\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          usage(from: $from, to: $to, granularity: HOUR) {\n            start\n            total\n          }\n        }\n      }\n    }\n  }\n": typeof types.ApiKeySparklinesDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n    tenant {\n      id\n      leakedKeyAction\n    }\n  }\n": typeof types.ApiKeyDocument,
    "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) {\n      id\n      name\n      grants {\n        roleKey\n        level\n      }\n    }\n    roleDefinitions @include(if: $withRoles) {\n      id\n      key\n      name\n      builtIn\n    }\n  }\n": typeof types.KeyFormOptionsDocument,
    "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateGraphQlApiKeyDocument,
    "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) {\n      clientId\n      clientSecret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.CreateRestCredentialDocument,
    "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.UpdateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": typeof types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) {\n      ...ApiKeyFields\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) {\n      deletedIds\n    }\n  }\n": typeof types.DeleteApiKeysDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      firstBrokenEventId\n      problem\n      prunedThroughSeq\n    }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user {\n        id\n        email\n        name\n        superUser\n      }\n      tenant {\n        id\n        name\n        slug\n        apiKeyLimit\n        defaultRateLimitPerMinute\n        apiKeyUsage {\n          used\n          limit\n        }\n      }\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": typeof types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PersonalKeyFields\n        }\n      }\n    }\n  }\n": typeof types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) {\n      secret\n      apiKey {\n        ...PersonalKeyFields\n      }\n    }\n  }\n": typeof types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) {\n      ...PersonalKeyFields\n    }\n  }\n": typeof types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) {\n      ...PersonalKeyFields\n    }\n  }\n": typeof types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) {\n      deletedIds\n    }\n  }\n": typeof types.DeleteSecretApiKeyDocument,
    "\n  query SettingsChannels {\n    channels(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          description\n          updatedAt\n        }\n      }\n    }\n  }\n": typeof types.SettingsChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n": typeof types.CreateChannelDocument,
    "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) {\n    updateChannel(id: $id, input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n": typeof types.UpdateChannelDocument,
    "\n  mutation DeleteChannel($id: ID!) {\n    deleteChannel(id: $id)\n  }\n": typeof types.DeleteChannelDocument,
    "\n  query SettingsRoleDefinitions {\n    roleDefinitions {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": typeof types.SettingsRoleDefinitionsDocument,
    "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) {\n    createRoleDefinition(input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": typeof types.CreateRoleDefinitionDocument,
    "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) {\n    updateRoleDefinition(id: $id, input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": typeof types.UpdateRoleDefinitionDocument,
    "\n  mutation DeleteRoleDefinition($id: ID!) {\n    deleteRoleDefinition(id: $id)\n  }\n": typeof types.DeleteRoleDefinitionDocument,
    "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) {\n      id\n      name\n      description\n      type\n      grants {\n        roleKey\n        level\n        role {\n          name\n        }\n      }\n    }\n  }\n": typeof types.SettingsAuthorizationGroupsDocument,
    "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) {\n    createAuthorizationGroup(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateAuthorizationGroupDocument,
    "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) {\n    updateAuthorizationGroup(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.UpdateAuthorizationGroupDocument,
    "\n  mutation DeleteAuthorizationGroup($id: ID!) {\n    deleteAuthorizationGroup(id: $id)\n  }\n": typeof types.DeleteAuthorizationGroupDocument,
    "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          name\n          active\n          superUser\n          lastLoginAt\n          grants {\n            roleKey\n            level\n            role {\n              name\n            }\n          }\n          groups {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.SettingsUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      email\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      email\n      name\n      active\n      groups {\n        id\n        name\n      }\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) {\n    setUserGrants(userId: $userId, grants: $grants) {\n      id\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n": typeof types.SetUserGrantsDocument,
    "\n  mutation RevokeUserSessions($userId: ID!) {\n    revokeUserSessions(userId: $userId) {\n      id\n    }\n  }\n": typeof types.RevokeUserSessionsDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n": typeof types.ChangeMyPasswordDocument,
    "\n  fragment TenantFields on Tenant {\n    id\n    name\n    slug\n    apiKeyLimit\n    defaultRateLimitPerMinute\n    leakedKeyAction\n    apiKeyUsage {\n      used\n      limit\n    }\n  }\n": typeof types.TenantFieldsFragmentDoc,
    "\n  query SettingsTenant {\n    tenant {\n      ...TenantFields\n      createdAt\n    }\n  }\n": typeof types.SettingsTenantDocument,
    "\n  query SettingsTenants {\n    tenants {\n      ...TenantFields\n    }\n  }\n": typeof types.SettingsTenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": typeof types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...TenantFields\n    }\n  }\n": typeof types.UpdateTenantDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n    }\n  }\n": typeof types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n      topKeys(from: $from, to: $to, first: 100) {\n        total\n        valid\n        rateLimited\n        denied\n        apiKey {\n          id\n          name\n          kind\n          status\n          leakedAt\n        }\n      }\n    }\n  }\n": typeof types.TenantUsageDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n": typeof types.WebhookAttemptFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n": typeof types.WebhookLastAttemptDocument,
    "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n": typeof types.WebhookFormOptionsDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": typeof types.WebhookDocument,
    "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          eventType\n          status\n          attempts\n          nextAttemptAt\n          deliveredAt\n          createdAt\n        }\n      }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n": typeof types.WebhookDeliveryLogDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedId\n    }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) {\n      ...WebhookAttemptFields\n    }\n  }\n": typeof types.SendTestWebhookDocument,
    "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      deliveredAt\n    }\n  }\n": typeof types.RedeliverWebhookMessageDocument,
};
const documents: Documents = {
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel {\n      id\n      code\n      name\n    }\n    grants {\n      roleKey\n      level\n    }\n    authorizationGroupId\n    authorizationGroup {\n      id\n      name\n    }\n    owner {\n      id\n      email\n      name\n    }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ApiKeyFields\n        }\n      }\n    }\n    tenant {\n      id\n      apiKeyUsage {\n        used\n        limit\n      }\n    }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) {\n      totalCount\n    }\n  }\n": types.ApiKeysDocument,
    "\n  query ApiKeySparklines(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $from: DateTime!\n    $to: DateTime!\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          usage(from: $from, to: $to, granularity: HOUR) {\n            start\n            total\n          }\n        }\n      }\n    }\n  }\n": types.ApiKeySparklinesDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n    tenant {\n      id\n      leakedKeyAction\n    }\n  }\n": types.ApiKeyDocument,
    "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) {\n      id\n      name\n      grants {\n        roleKey\n        level\n      }\n    }\n    roleDefinitions @include(if: $withRoles) {\n      id\n      key\n      name\n      builtIn\n    }\n  }\n": types.KeyFormOptionsDocument,
    "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateGraphQlApiKeyDocument,
    "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) {\n      clientId\n      clientSecret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.CreateRestCredentialDocument,
    "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) {\n      ...ApiKeyFields\n    }\n  }\n": types.UpdateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n": types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) {\n      ...ApiKeyFields\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) {\n      deletedIds\n    }\n  }\n": types.DeleteApiKeysDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      firstBrokenEventId\n      problem\n      prunedThroughSeq\n    }\n  }\n": types.VerifyAuditChainDocument,
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) {\n      token\n      expiresAt\n    }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user {\n        id\n        email\n        name\n        superUser\n      }\n      tenant {\n        id\n        name\n        slug\n        apiKeyLimit\n        defaultRateLimitPerMinute\n        apiKeyUsage {\n          used\n          limit\n        }\n      }\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n": types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PersonalKeyFields\n        }\n      }\n    }\n  }\n": types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) {\n      secret\n      apiKey {\n        ...PersonalKeyFields\n      }\n    }\n  }\n": types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) {\n      ...PersonalKeyFields\n    }\n  }\n": types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) {\n      ...PersonalKeyFields\n    }\n  }\n": types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) {\n      deletedIds\n    }\n  }\n": types.DeleteSecretApiKeyDocument,
    "\n  query SettingsChannels {\n    channels(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          description\n          updatedAt\n        }\n      }\n    }\n  }\n": types.SettingsChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n": types.CreateChannelDocument,
    "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) {\n    updateChannel(id: $id, input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n": types.UpdateChannelDocument,
    "\n  mutation DeleteChannel($id: ID!) {\n    deleteChannel(id: $id)\n  }\n": types.DeleteChannelDocument,
    "\n  query SettingsRoleDefinitions {\n    roleDefinitions {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": types.SettingsRoleDefinitionsDocument,
    "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) {\n    createRoleDefinition(input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": types.CreateRoleDefinitionDocument,
    "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) {\n    updateRoleDefinition(id: $id, input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n": types.UpdateRoleDefinitionDocument,
    "\n  mutation DeleteRoleDefinition($id: ID!) {\n    deleteRoleDefinition(id: $id)\n  }\n": types.DeleteRoleDefinitionDocument,
    "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) {\n      id\n      name\n      description\n      type\n      grants {\n        roleKey\n        level\n        role {\n          name\n        }\n      }\n    }\n  }\n": types.SettingsAuthorizationGroupsDocument,
    "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) {\n    createAuthorizationGroup(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateAuthorizationGroupDocument,
    "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) {\n    updateAuthorizationGroup(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n": types.UpdateAuthorizationGroupDocument,
    "\n  mutation DeleteAuthorizationGroup($id: ID!) {\n    deleteAuthorizationGroup(id: $id)\n  }\n": types.DeleteAuthorizationGroupDocument,
    "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          name\n          active\n          superUser\n          lastLoginAt\n          grants {\n            roleKey\n            level\n            role {\n              name\n            }\n          }\n          groups {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.SettingsUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      email\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      email\n      name\n      active\n      groups {\n        id\n        name\n      }\n    }\n  }\n": types.UpdateUserDocument,
    "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) {\n    setUserGrants(userId: $userId, grants: $grants) {\n      id\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n": types.SetUserGrantsDocument,
    "\n  mutation RevokeUserSessions($userId: ID!) {\n    revokeUserSessions(userId: $userId) {\n      id\n    }\n  }\n": types.RevokeUserSessionsDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n": types.ChangeMyPasswordDocument,
    "\n  fragment TenantFields on Tenant {\n    id\n    name\n    slug\n    apiKeyLimit\n    defaultRateLimitPerMinute\n    leakedKeyAction\n    apiKeyUsage {\n      used\n      limit\n    }\n  }\n": types.TenantFieldsFragmentDoc,
    "\n  query SettingsTenant {\n    tenant {\n      ...TenantFields\n      createdAt\n    }\n  }\n": types.SettingsTenantDocument,
    "\n  query SettingsTenants {\n    tenants {\n      ...TenantFields\n    }\n  }\n": types.SettingsTenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n": types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...TenantFields\n    }\n  }\n": types.UpdateTenantDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n    }\n  }\n": types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n      topKeys(from: $from, to: $to, first: 100) {\n        total\n        valid\n        rateLimited\n        denied\n        apiKey {\n          id\n          name\n          kind\n          status\n          leakedAt\n        }\n      }\n    }\n  }\n": types.TenantUsageDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n": types.WebhookAttemptFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n": types.WebhooksDocument,
    "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n": types.WebhookLastAttemptDocument,
    "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n": types.WebhookFormOptionsDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n": types.WebhookDocument,
    "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          eventType\n          status\n          attempts\n          nextAttemptAt\n          deliveredAt\n          createdAt\n        }\n      }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n": types.WebhookDeliveryLogDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedId\n    }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) {\n      ...WebhookAttemptFields\n    }\n  }\n": types.SendTestWebhookDocument,
    "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      deliveredAt\n    }\n  }\n": types.RedeliverWebhookMessageDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel {\n      id\n      code\n      name\n    }\n    grants {\n      roleKey\n      level\n    }\n    authorizationGroupId\n    authorizationGroup {\n      id\n      name\n    }\n    owner {\n      id\n      email\n      name\n    }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel {\n      id\n      code\n      name\n    }\n    grants {\n      roleKey\n      level\n    }\n    authorizationGroupId\n    authorizationGroup {\n      id\n      name\n    }\n    owner {\n      id\n      email\n      name\n    }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ApiKeyFields\n        }\n      }\n    }\n    tenant {\n      id\n      apiKeyUsage {\n        used\n        limit\n      }\n    }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) {\n      totalCount\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ApiKeyFields\n        }\n      }\n    }\n    tenant {\n      id\n      apiKeyUsage {\n        used\n        limit\n      }\n    }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) {\n      totalCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeySparklines(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $from: DateTime!\n    $to: DateTime!\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          usage(from: $from, to: $to, granularity: HOUR) {\n            start\n            total\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeySparklines(\n    $filter: ApiKeyFilter\n    $orderBy: ApiKeyOrder\n    $first: Int\n    $after: String\n    $last: Int\n    $before: String\n    $from: DateTime!\n    $to: DateTime!\n  ) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges {\n        node {\n          id\n          usage(from: $from, to: $to, granularity: HOUR) {\n            start\n            total\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n    tenant {\n      id\n      leakedKeyAction\n    }\n  }\n"): (typeof documents)["\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) {\n      ...ApiKeyFields\n    }\n    tenant {\n      id\n      leakedKeyAction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) {\n      id\n      name\n      grants {\n        roleKey\n        level\n      }\n    }\n    roleDefinitions @include(if: $withRoles) {\n      id\n      key\n      name\n      builtIn\n    }\n  }\n"): (typeof documents)["\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) {\n      id\n      name\n      grants {\n        roleKey\n        level\n      }\n    }\n    roleDefinitions @include(if: $withRoles) {\n      id\n      key\n      name\n      builtIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) {\n      clientId\n      clientSecret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) {\n      clientId\n      clientSecret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      secret\n      apiKey {\n        ...ApiKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) {\n      ...ApiKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) {\n      ...ApiKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) {\n      deletedIds\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) {\n      deletedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      firstBrokenEventId\n      problem\n      prunedThroughSeq\n    }\n  }\n"): (typeof documents)["\n  query VerifyAuditChain {\n    verifyAuditChain {\n      ok\n      checked\n      firstBrokenEventId\n      problem\n      prunedThroughSeq\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) {\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) {\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      type\n      user {\n        id\n        email\n        name\n        superUser\n      }\n      tenant {\n        id\n        name\n        slug\n        apiKeyLimit\n        defaultRateLimitPerMinute\n        apiKeyUsage {\n          used\n          limit\n        }\n      }\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      type\n      user {\n        id\n        email\n        name\n        superUser\n      }\n      tenant {\n        id\n        name\n        slug\n        apiKeyLimit\n        defaultRateLimitPerMinute\n        apiKeyUsage {\n          used\n          limit\n        }\n      }\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PersonalKeyFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges {\n        node {\n          ...PersonalKeyFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) {\n      secret\n      apiKey {\n        ...PersonalKeyFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) {\n      secret\n      apiKey {\n        ...PersonalKeyFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) {\n      ...PersonalKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) {\n      ...PersonalKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) {\n      ...PersonalKeyFields\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) {\n      ...PersonalKeyFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) {\n      deletedIds\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) {\n      deletedIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsChannels {\n    channels(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          description\n          updatedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsChannels {\n    channels(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          description\n          updatedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n"): (typeof documents)["\n  mutation CreateChannel($input: CreateChannelInput!) {\n    createChannel(input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) {\n    updateChannel(id: $id, input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) {\n    updateChannel(id: $id, input: $input) {\n      id\n      code\n      name\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteChannel($id: ID!) {\n    deleteChannel(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteChannel($id: ID!) {\n    deleteChannel(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsRoleDefinitions {\n    roleDefinitions {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"): (typeof documents)["\n  query SettingsRoleDefinitions {\n    roleDefinitions {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) {\n    createRoleDefinition(input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) {\n    createRoleDefinition(input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) {\n    updateRoleDefinition(id: $id, input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) {\n    updateRoleDefinition(id: $id, input: $input) {\n      id\n      key\n      name\n      description\n      builtIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoleDefinition($id: ID!) {\n    deleteRoleDefinition(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteRoleDefinition($id: ID!) {\n    deleteRoleDefinition(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) {\n      id\n      name\n      description\n      type\n      grants {\n        roleKey\n        level\n        role {\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) {\n      id\n      name\n      description\n      type\n      grants {\n        roleKey\n        level\n        role {\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) {\n    createAuthorizationGroup(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) {\n    createAuthorizationGroup(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) {\n    updateAuthorizationGroup(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) {\n    updateAuthorizationGroup(id: $id, input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAuthorizationGroup($id: ID!) {\n    deleteAuthorizationGroup(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteAuthorizationGroup($id: ID!) {\n    deleteAuthorizationGroup(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          name\n          active\n          superUser\n          lastLoginAt\n          grants {\n            roleKey\n            level\n            role {\n              name\n            }\n          }\n          groups {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          email\n          name\n          active\n          superUser\n          lastLoginAt\n          grants {\n            roleKey\n            level\n            role {\n              name\n            }\n          }\n          groups {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      email\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      id\n      email\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      email\n      name\n      active\n      groups {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      id\n      email\n      name\n      active\n      groups {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) {\n    setUserGrants(userId: $userId, grants: $grants) {\n      id\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) {\n    setUserGrants(userId: $userId, grants: $grants) {\n      id\n      grants {\n        roleKey\n        level\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeUserSessions($userId: ID!) {\n    revokeUserSessions(userId: $userId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeUserSessions($userId: ID!) {\n    revokeUserSessions(userId: $userId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {\n    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      token\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TenantFields on Tenant {\n    id\n    name\n    slug\n    apiKeyLimit\n    defaultRateLimitPerMinute\n    leakedKeyAction\n    apiKeyUsage {\n      used\n      limit\n    }\n  }\n"): (typeof documents)["\n  fragment TenantFields on Tenant {\n    id\n    name\n    slug\n    apiKeyLimit\n    defaultRateLimitPerMinute\n    leakedKeyAction\n    apiKeyUsage {\n      used\n      limit\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsTenant {\n    tenant {\n      ...TenantFields\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query SettingsTenant {\n    tenant {\n      ...TenantFields\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsTenants {\n    tenants {\n      ...TenantFields\n    }\n  }\n"): (typeof documents)["\n  query SettingsTenants {\n    tenants {\n      ...TenantFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"): (typeof documents)["\n  mutation CreateTenant($input: CreateTenantInput!) {\n    createTenant(input: $input) {\n      id\n      name\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...TenantFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {\n    updateTenant(id: $id, input: $input) {\n      ...TenantFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n    }\n  }\n"): (typeof documents)["\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n      topKeys(from: $from, to: $to, first: 100) {\n        total\n        valid\n        rateLimited\n        denied\n        apiKey {\n          id\n          name\n          kind\n          status\n          leakedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) {\n        start\n        valid\n        rateLimited\n        denied\n        total\n      }\n      topKeys(from: $from, to: $to, first: 100) {\n        total\n        valid\n        rateLimited\n        denied\n        apiKey {\n          id\n          name\n          kind\n          status\n          leakedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n"): (typeof documents)["\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) {\n      edges {\n        node {\n          id\n          code\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  query Webhook($id: ID!) {\n    webhook(id: $id) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          eventType\n          status\n          attempts\n          nextAttemptAt\n          deliveredAt\n          createdAt\n        }\n      }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        node {\n          id\n          eventType\n          status\n          attempts\n          nextAttemptAt\n          deliveredAt\n          createdAt\n        }\n      }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges {\n        node {\n          ...WebhookAttemptFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedId\n    }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) {\n      deletedId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) {\n      signingSecret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) {\n      ...WebhookAttemptFields\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) {\n      ...WebhookAttemptFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      deliveredAt\n    }\n  }\n"): (typeof documents)["\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) {\n      id\n      status\n      attempts\n      nextAttemptAt\n      deliveredAt\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;