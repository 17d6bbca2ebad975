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
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel { id code name }\n    grants { roleKey level }\n    authorizationGroupId\n    authorizationGroup { id name }\n    owner { id email name }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    tenant { id apiKeyUsage { used limit } }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) { totalCount }\n  }\n": typeof types.ApiKeysDocument,
    "\n  query ApiKeySparklines($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String, $from: DateTime!, $to: DateTime!) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges { node { id usage(from: $from, to: $to, granularity: HOUR) { start total } } }\n    }\n  }\n": typeof types.ApiKeySparklinesDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) { ...ApiKeyFields }\n    tenant { id leakedKeyAction }\n  }\n": typeof types.ApiKeyDocument,
    "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) { id name grants { roleKey level } }\n    roleDefinitions @include(if: $withRoles) { id key name builtIn }\n  }\n": typeof types.KeyFormOptionsDocument,
    "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) { secret apiKey { ...ApiKeyFields } }\n  }\n": typeof types.CreateGraphQlApiKeyDocument,
    "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) { clientId clientSecret apiKey { ...ApiKeyFields } }\n  }\n": typeof types.CreateRestCredentialDocument,
    "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) { ...ApiKeyFields }\n  }\n": typeof types.UpdateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { secret apiKey { ...ApiKeyFields } }\n  }\n": typeof types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) { ...ApiKeyFields }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) { deletedIds }\n  }\n": typeof types.DeleteApiKeysDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain { ok checked firstBrokenEventId problem prunedThroughSeq }\n  }\n": typeof types.VerifyAuditChainDocument,
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": typeof types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n": typeof types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n": typeof types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n": typeof types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n": typeof types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n": typeof types.DeleteSecretApiKeyDocument,
    "\n  query SettingsChannels {\n    channels(first: 100) { totalCount edges { node { id code name description updatedAt } } }\n  }\n": typeof types.SettingsChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { id code name description } }\n": typeof types.CreateChannelDocument,
    "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) { id code name description } }\n": typeof types.UpdateChannelDocument,
    "\n  mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }\n": typeof types.DeleteChannelDocument,
    "\n  query SettingsRoleDefinitions {\n    roleDefinitions { id key name description builtIn }\n  }\n": typeof types.SettingsRoleDefinitionsDocument,
    "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { id key name description builtIn } }\n": typeof types.CreateRoleDefinitionDocument,
    "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) { updateRoleDefinition(id: $id, input: $input) { id key name description builtIn } }\n": typeof types.UpdateRoleDefinitionDocument,
    "\n  mutation DeleteRoleDefinition($id: ID!) { deleteRoleDefinition(id: $id) }\n": typeof types.DeleteRoleDefinitionDocument,
    "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) { id name description type grants { roleKey level role { name } } }\n  }\n": typeof types.SettingsAuthorizationGroupsDocument,
    "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id name } }\n": typeof types.CreateAuthorizationGroupDocument,
    "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) { updateAuthorizationGroup(id: $id, input: $input) { id name } }\n": typeof types.UpdateAuthorizationGroupDocument,
    "\n  mutation DeleteAuthorizationGroup($id: ID!) { deleteAuthorizationGroup(id: $id) }\n": typeof types.DeleteAuthorizationGroupDocument,
    "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges { node { id email name active superUser lastLoginAt grants { roleKey level role { name } } groups { id name } } }\n    }\n  }\n": typeof types.SettingsUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email } }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id email name active groups { id name } } }\n": typeof types.UpdateUserDocument,
    "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { id grants { roleKey level } } }\n": typeof types.SetUserGrantsDocument,
    "\n  mutation RevokeUserSessions($userId: ID!) { revokeUserSessions(userId: $userId) { id } }\n": typeof types.RevokeUserSessionsDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) { changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) { token expiresAt } }\n": typeof types.ChangeMyPasswordDocument,
    "\n  query SettingsTenant {\n    tenant { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction createdAt apiKeyUsage { used limit } }\n  }\n": typeof types.SettingsTenantDocument,
    "\n  query SettingsTenants {\n    tenants { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } }\n  }\n": typeof types.SettingsTenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id name slug } }\n": typeof types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } } }\n": typeof types.UpdateTenantDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n": typeof types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n": typeof types.TenantUsageDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n": typeof types.WebhookAttemptFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks { ...WebhookFields }\n  }\n": typeof types.WebhooksDocument,
    "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) { edges { node { ...WebhookAttemptFields } } }\n  }\n": typeof types.WebhookLastAttemptDocument,
    "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n  }\n": typeof types.WebhookFormOptionsDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields }\n  }\n": typeof types.WebhookDocument,
    "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id eventType status attempts nextAttemptAt deliveredAt createdAt } }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges { node { ...WebhookAttemptFields } }\n    }\n  }\n": typeof types.WebhookDeliveryLogDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { signingSecret webhook { ...WebhookFields } }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { ...WebhookFields }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId }\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { signingSecret webhook { ...WebhookFields } }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...WebhookAttemptFields }\n  }\n": typeof types.SendTestWebhookDocument,
    "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) { id status attempts nextAttemptAt deliveredAt }\n  }\n": typeof types.RedeliverWebhookMessageDocument,
};
const documents: Documents = {
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel { id code name }\n    grants { roleKey level }\n    authorizationGroupId\n    authorizationGroup { id name }\n    owner { id email name }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    tenant { id apiKeyUsage { used limit } }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) { totalCount }\n  }\n": types.ApiKeysDocument,
    "\n  query ApiKeySparklines($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String, $from: DateTime!, $to: DateTime!) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges { node { id usage(from: $from, to: $to, granularity: HOUR) { start total } } }\n    }\n  }\n": types.ApiKeySparklinesDocument,
    "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) { ...ApiKeyFields }\n    tenant { id leakedKeyAction }\n  }\n": types.ApiKeyDocument,
    "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) { id name grants { roleKey level } }\n    roleDefinitions @include(if: $withRoles) { id key name builtIn }\n  }\n": types.KeyFormOptionsDocument,
    "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) { secret apiKey { ...ApiKeyFields } }\n  }\n": types.CreateGraphQlApiKeyDocument,
    "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) { clientId clientSecret apiKey { ...ApiKeyFields } }\n  }\n": types.CreateRestCredentialDocument,
    "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) { ...ApiKeyFields }\n  }\n": types.UpdateApiKeyDocument,
    "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { secret apiKey { ...ApiKeyFields } }\n  }\n": types.RotateApiKeyDocument,
    "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) { ...ApiKeyFields }\n  }\n": types.RevokeApiKeyDocument,
    "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) { deletedIds }\n  }\n": types.DeleteApiKeysDocument,
    "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query VerifyAuditChain {\n    verifyAuditChain { ok checked firstBrokenEventId problem prunedThroughSeq }\n  }\n": types.VerifyAuditChainDocument,
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n": types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n": types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n": types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n": types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n": types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n": types.DeleteSecretApiKeyDocument,
    "\n  query SettingsChannels {\n    channels(first: 100) { totalCount edges { node { id code name description updatedAt } } }\n  }\n": types.SettingsChannelsDocument,
    "\n  mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { id code name description } }\n": types.CreateChannelDocument,
    "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) { id code name description } }\n": types.UpdateChannelDocument,
    "\n  mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }\n": types.DeleteChannelDocument,
    "\n  query SettingsRoleDefinitions {\n    roleDefinitions { id key name description builtIn }\n  }\n": types.SettingsRoleDefinitionsDocument,
    "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { id key name description builtIn } }\n": types.CreateRoleDefinitionDocument,
    "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) { updateRoleDefinition(id: $id, input: $input) { id key name description builtIn } }\n": types.UpdateRoleDefinitionDocument,
    "\n  mutation DeleteRoleDefinition($id: ID!) { deleteRoleDefinition(id: $id) }\n": types.DeleteRoleDefinitionDocument,
    "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) { id name description type grants { roleKey level role { name } } }\n  }\n": types.SettingsAuthorizationGroupsDocument,
    "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id name } }\n": types.CreateAuthorizationGroupDocument,
    "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) { updateAuthorizationGroup(id: $id, input: $input) { id name } }\n": types.UpdateAuthorizationGroupDocument,
    "\n  mutation DeleteAuthorizationGroup($id: ID!) { deleteAuthorizationGroup(id: $id) }\n": types.DeleteAuthorizationGroupDocument,
    "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges { node { id email name active superUser lastLoginAt grants { roleKey level role { name } } groups { id name } } }\n    }\n  }\n": types.SettingsUsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email } }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id email name active groups { id name } } }\n": types.UpdateUserDocument,
    "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { id grants { roleKey level } } }\n": types.SetUserGrantsDocument,
    "\n  mutation RevokeUserSessions($userId: ID!) { revokeUserSessions(userId: $userId) { id } }\n": types.RevokeUserSessionsDocument,
    "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) { changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) { token expiresAt } }\n": types.ChangeMyPasswordDocument,
    "\n  query SettingsTenant {\n    tenant { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction createdAt apiKeyUsage { used limit } }\n  }\n": types.SettingsTenantDocument,
    "\n  query SettingsTenants {\n    tenants { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } }\n  }\n": types.SettingsTenantsDocument,
    "\n  mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id name slug } }\n": types.CreateTenantDocument,
    "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } } }\n": types.UpdateTenantDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n": types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n": types.TenantUsageDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    url\n    description\n    events\n    active\n    channelId\n    previousSecretExpiresAt\n    secretRotatedAt\n    failingSince\n    disabledAt\n    disabledReason\n    lastDeliveryAt\n    createdAt\n    updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  fragment WebhookAttemptFields on WebhookAttempt {\n    id\n    messageId\n    eventType\n    statusCode\n    responseBody\n    error\n    durationMs\n    attemptedAt\n  }\n": types.WebhookAttemptFieldsFragmentDoc,
    "\n  query Webhooks {\n    webhooks { ...WebhookFields }\n  }\n": types.WebhooksDocument,
    "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) { edges { node { ...WebhookAttemptFields } } }\n  }\n": types.WebhookLastAttemptDocument,
    "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n  }\n": types.WebhookFormOptionsDocument,
    "\n  query Webhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields }\n  }\n": types.WebhookDocument,
    "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id eventType status attempts nextAttemptAt deliveredAt createdAt } }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges { node { ...WebhookAttemptFields } }\n    }\n  }\n": types.WebhookDeliveryLogDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { signingSecret webhook { ...WebhookFields } }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { ...WebhookFields }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId }\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { signingSecret webhook { ...WebhookFields } }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...WebhookAttemptFields }\n  }\n": types.SendTestWebhookDocument,
    "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) { id status attempts nextAttemptAt deliveredAt }\n  }\n": types.RedeliverWebhookMessageDocument,
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
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel { id code name }\n    grants { roleKey level }\n    authorizationGroupId\n    authorizationGroup { id name }\n    owner { id email name }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    kind\n    name\n    description\n    active\n    status\n    expirationState\n    prefix\n    last4\n    clientId\n    expiresAt\n    ipAllowlist\n    rateLimitPerMinute\n    channelId\n    channel { id code name }\n    grants { roleKey level }\n    authorizationGroupId\n    authorizationGroup { id name }\n    owner { id email name }\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    revokedReason\n    rotatedAt\n    previousSecretExpiresAt\n    previousSecretLastUsedAt\n    previousSecretUseCount\n    leakedAt\n    leakSource\n    usage24h\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    tenant { id apiKeyUsage { used limit } }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) { totalCount }\n  }\n"): (typeof documents)["\n  query ApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }\n      edges { cursor node { ...ApiKeyFields } }\n    }\n    tenant { id apiKeyUsage { used limit } }\n    leakedActive: apiKeys(filter: { leaked: true, status: [ACTIVE, INACTIVE] }, first: 1) { totalCount }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeySparklines($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String, $from: DateTime!, $to: DateTime!) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges { node { id usage(from: $from, to: $to, granularity: HOUR) { start total } } }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeySparklines($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String, $last: Int, $before: String, $from: DateTime!, $to: DateTime!) {\n    apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {\n      edges { node { id usage(from: $from, to: $to, granularity: HOUR) { start total } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) { ...ApiKeyFields }\n    tenant { id leakedKeyAction }\n  }\n"): (typeof documents)["\n  query ApiKey($id: ID!) {\n    apiKey(id: $id) { ...ApiKeyFields }\n    tenant { id leakedKeyAction }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) { id name grants { roleKey level } }\n    roleDefinitions @include(if: $withRoles) { id key name builtIn }\n  }\n"): (typeof documents)["\n  query KeyFormOptions($withChannels: Boolean!, $withRoles: Boolean!) {\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n    authorizationGroups(type: API_KEY) @include(if: $withRoles) { id name grants { roleKey level } }\n    roleDefinitions @include(if: $withRoles) { id key name builtIn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) { secret apiKey { ...ApiKeyFields } }\n  }\n"): (typeof documents)["\n  mutation CreateGraphQLApiKey($input: CreateGraphQLApiKeyInput!) {\n    createGraphQLApiKey(input: $input) { secret apiKey { ...ApiKeyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) { clientId clientSecret apiKey { ...ApiKeyFields } }\n  }\n"): (typeof documents)["\n  mutation CreateRestCredential($input: CreateRestCredentialInput!) {\n    createRestCredential(input: $input) { clientId clientSecret apiKey { ...ApiKeyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) { ...ApiKeyFields }\n  }\n"): (typeof documents)["\n  mutation UpdateApiKey($id: ID!, $input: UpdateApiKeyInput!) {\n    updateApiKey(id: $id, input: $input) { ...ApiKeyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { secret apiKey { ...ApiKeyFields } }\n  }\n"): (typeof documents)["\n  mutation RotateApiKey($id: ID!, $gracePeriodSeconds: Int) {\n    rotateApiKey(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { secret apiKey { ...ApiKeyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) { ...ApiKeyFields }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!, $reason: String) {\n    revokeApiKey(id: $id, reason: $reason) { ...ApiKeyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) { deletedIds }\n  }\n"): (typeof documents)["\n  mutation DeleteApiKeys($ids: [ID!]!) {\n    deleteApiKeys(ids: $ids) { deletedIds }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          id\n          seq\n          action\n          actorType\n          actorId\n          actorLabel\n          targetType\n          targetId\n          changes\n          ip\n          userAgent\n          requestId\n          createdAt\n          prevHash\n          hash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditChain {\n    verifyAuditChain { ok checked firstBrokenEventId problem prunedThroughSeq }\n  }\n"): (typeof documents)["\n  query VerifyAuditChain {\n    verifyAuditChain { ok checked firstBrokenEventId problem prunedThroughSeq }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n"): (typeof documents)["\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n"): (typeof documents)["\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n"): (typeof documents)["\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n"): (typeof documents)["\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n"): (typeof documents)["\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n"): (typeof documents)["\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsChannels {\n    channels(first: 100) { totalCount edges { node { id code name description updatedAt } } }\n  }\n"): (typeof documents)["\n  query SettingsChannels {\n    channels(first: 100) { totalCount edges { node { id code name description updatedAt } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { id code name description } }\n"): (typeof documents)["\n  mutation CreateChannel($input: CreateChannelInput!) { createChannel(input: $input) { id code name description } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) { id code name description } }\n"): (typeof documents)["\n  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) { updateChannel(id: $id, input: $input) { id code name description } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }\n"): (typeof documents)["\n  mutation DeleteChannel($id: ID!) { deleteChannel(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsRoleDefinitions {\n    roleDefinitions { id key name description builtIn }\n  }\n"): (typeof documents)["\n  query SettingsRoleDefinitions {\n    roleDefinitions { id key name description builtIn }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { id key name description builtIn } }\n"): (typeof documents)["\n  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { id key name description builtIn } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) { updateRoleDefinition(id: $id, input: $input) { id key name description builtIn } }\n"): (typeof documents)["\n  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) { updateRoleDefinition(id: $id, input: $input) { id key name description builtIn } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteRoleDefinition($id: ID!) { deleteRoleDefinition(id: $id) }\n"): (typeof documents)["\n  mutation DeleteRoleDefinition($id: ID!) { deleteRoleDefinition(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) { id name description type grants { roleKey level role { name } } }\n  }\n"): (typeof documents)["\n  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {\n    authorizationGroups(type: $type) { id name description type grants { roleKey level role { name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id name } }\n"): (typeof documents)["\n  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) { updateAuthorizationGroup(id: $id, input: $input) { id name } }\n"): (typeof documents)["\n  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) { updateAuthorizationGroup(id: $id, input: $input) { id name } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteAuthorizationGroup($id: ID!) { deleteAuthorizationGroup(id: $id) }\n"): (typeof documents)["\n  mutation DeleteAuthorizationGroup($id: ID!) { deleteAuthorizationGroup(id: $id) }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges { node { id email name active superUser lastLoginAt grants { roleKey level role { name } } groups { id name } } }\n    }\n  }\n"): (typeof documents)["\n  query SettingsUsers {\n    users(first: 100) {\n      totalCount\n      edges { node { id email name active superUser lastLoginAt grants { roleKey level role { name } } groups { id name } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email } }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id email } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id email name active groups { id name } } }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id email name active groups { id name } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { id grants { roleKey level } } }\n"): (typeof documents)["\n  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { id grants { roleKey level } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeUserSessions($userId: ID!) { revokeUserSessions(userId: $userId) { id } }\n"): (typeof documents)["\n  mutation RevokeUserSessions($userId: ID!) { revokeUserSessions(userId: $userId) { id } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) { changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) { token expiresAt } }\n"): (typeof documents)["\n  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) { changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) { token expiresAt } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsTenant {\n    tenant { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction createdAt apiKeyUsage { used limit } }\n  }\n"): (typeof documents)["\n  query SettingsTenant {\n    tenant { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction createdAt apiKeyUsage { used limit } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsTenants {\n    tenants { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } }\n  }\n"): (typeof documents)["\n  query SettingsTenants {\n    tenants { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id name slug } }\n"): (typeof documents)["\n  mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { id name slug } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } } }\n"): (typeof documents)["\n  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id name slug apiKeyLimit defaultRateLimitPerMinute leakedKeyAction apiKeyUsage { used limit } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n"): (typeof documents)["\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n"): (typeof documents)["\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n"];
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
export function graphql(source: "\n  query Webhooks {\n    webhooks { ...WebhookFields }\n  }\n"): (typeof documents)["\n  query Webhooks {\n    webhooks { ...WebhookFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) { edges { node { ...WebhookAttemptFields } } }\n  }\n"): (typeof documents)["\n  query WebhookLastAttempt($webhookId: ID!) {\n    webhookAttempts(webhookId: $webhookId, first: 1) { edges { node { ...WebhookAttemptFields } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n  }\n"): (typeof documents)["\n  query WebhookFormOptions($withChannels: Boolean!) {\n    webhookEventTypes\n    channels(first: 100) @include(if: $withChannels) { edges { node { id code name } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields }\n  }\n"): (typeof documents)["\n  query Webhook($id: ID!) {\n    webhook(id: $id) { ...WebhookFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id eventType status attempts nextAttemptAt deliveredAt createdAt } }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges { node { ...WebhookAttemptFields } }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveryLog($webhookId: ID!, $first: Int, $after: String) {\n    webhookMessages(webhookId: $webhookId, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id eventType status attempts nextAttemptAt deliveredAt createdAt } }\n    }\n    webhookAttempts(webhookId: $webhookId, first: 100) {\n      edges { node { ...WebhookAttemptFields } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { signingSecret webhook { ...WebhookFields } }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) { signingSecret webhook { ...WebhookFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { ...WebhookFields }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {\n    updateWebhook(id: $id, input: $input) { ...WebhookFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId }\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id) { deletedId }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { signingSecret webhook { ...WebhookFields } }\n  }\n"): (typeof documents)["\n  mutation RotateWebhookSecret($id: ID!, $gracePeriodSeconds: Int) {\n    rotateWebhookSecret(id: $id, gracePeriodSeconds: $gracePeriodSeconds) { signingSecret webhook { ...WebhookFields } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...WebhookAttemptFields }\n  }\n"): (typeof documents)["\n  mutation SendTestWebhook($id: ID!) {\n    sendTestWebhook(id: $id) { ...WebhookAttemptFields }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) { id status attempts nextAttemptAt deliveredAt }\n  }\n"): (typeof documents)["\n  mutation RedeliverWebhookMessage($id: ID!) {\n    redeliverWebhookMessage(id: $id) { id status attempts nextAttemptAt deliveredAt }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;