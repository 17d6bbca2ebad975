import { graphql } from '../../gql';

export const PersonalKeyFieldsFragment = graphql(`
  fragment PersonalKeyFields on ApiKey {
    id
    name
    status
    active
    prefix
    last4
    expiresAt
    lastUsedAt
    lastUsedIp
    revokedAt
    createdAt
    updatedAt
  }
`);

export const MySecretApiKeysDocument = graphql(`
  query MySecretApiKeys($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int) {
    mySecretApiKeys(filter: $filter, orderBy: $orderBy, first: $first) {
      totalCount
      edges {
        node {
          ...PersonalKeyFields
        }
      }
    }
  }
`);

export const CreateSecretApiKeyDocument = graphql(`
  mutation CreateSecretApiKey($title: String!) {
    createSecretApiKey(title: $title) {
      secret
      apiKey {
        ...PersonalKeyFields
      }
    }
  }
`);

export const UpdateSecretApiKeyDocument = graphql(`
  mutation UpdateSecretApiKey($id: ID!, $title: String!) {
    updateSecretApiKey(id: $id, title: $title) {
      ...PersonalKeyFields
    }
  }
`);

export const RevokeSecretApiKeyDocument = graphql(`
  mutation RevokeSecretApiKey($id: ID!) {
    revokeSecretApiKey(id: $id) {
      ...PersonalKeyFields
    }
  }
`);

export const DeleteSecretApiKeyDocument = graphql(`
  mutation DeleteSecretApiKey($id: ID!) {
    deleteSecretApiKey(id: $id) {
      deletedIds
    }
  }
`);
