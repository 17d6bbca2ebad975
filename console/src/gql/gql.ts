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
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n": typeof types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n": typeof types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": typeof types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n": typeof types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n": typeof types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n": typeof types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n": typeof types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n": typeof types.DeleteSecretApiKeyDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n": typeof types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n": typeof types.TenantUsageDocument,
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
    "\n  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {\n    login(email: $email, password: $password, tenant: $tenant) { token expiresAt }\n  }\n": types.LoginDocument,
    "\n  query Me {\n    me {\n      type\n      user { id email name superUser }\n      tenant { id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } }\n      grants { roleKey level }\n    }\n  }\n": types.MeDocument,
    "\n  fragment PersonalKeyFields on ApiKey {\n    id\n    name\n    status\n    active\n    prefix\n    last4\n    expiresAt\n    lastUsedAt\n    lastUsedIp\n    revokedAt\n    createdAt\n    updatedAt\n  }\n": types.PersonalKeyFieldsFragmentDoc,
    "\n  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {\n    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {\n      totalCount\n      edges { node { ...PersonalKeyFields } }\n    }\n  }\n": types.MySecretApiKeysDocument,
    "\n  mutation CreateSecretApiKey($title: String!) {\n    createSecretApiKey(title: $title) { secret apiKey { ...PersonalKeyFields } }\n  }\n": types.CreateSecretApiKeyDocument,
    "\n  mutation UpdateSecretApiKey($id: ID!, $title: String!) {\n    updateSecretApiKey(id: $id, title: $title) { ...PersonalKeyFields }\n  }\n": types.UpdateSecretApiKeyDocument,
    "\n  mutation RevokeSecretApiKey($id: ID!) {\n    revokeSecretApiKey(id: $id) { ...PersonalKeyFields }\n  }\n": types.RevokeSecretApiKeyDocument,
    "\n  mutation DeleteSecretApiKey($id: ID!) {\n    deleteSecretApiKey(id: $id) { deletedIds }\n  }\n": types.DeleteSecretApiKeyDocument,
    "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n": types.KeyUsageDocument,
    "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n": types.TenantUsageDocument,
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
export function graphql(source: "\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n"): (typeof documents)["\n  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    apiKey(id: $id) { id usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n"): (typeof documents)["\n  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {\n    tenant {\n      id\n      usage(from: $from, to: $to, granularity: $granularity) { start valid rateLimited denied total }\n      topKeys(from: $from, to: $to, first: 100) { total valid rateLimited denied apiKey { id name kind status leakedAt } }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;