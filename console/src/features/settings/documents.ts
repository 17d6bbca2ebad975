import { graphql } from '../../gql';

export const ChannelsDocument = graphql(`
  query SettingsChannels {
    channels(first: 100) {
      totalCount
      edges {
        node {
          id
          code
          name
          description
          updatedAt
        }
      }
    }
  }
`);
export const CreateChannelDocument = graphql(`
  mutation CreateChannel($input: CreateChannelInput!) {
    createChannel(input: $input) {
      id
      code
      name
      description
    }
  }
`);
export const UpdateChannelDocument = graphql(`
  mutation UpdateChannel($id: ID!, $input: UpdateChannelInput!) {
    updateChannel(id: $id, input: $input) {
      id
      code
      name
      description
    }
  }
`);
export const DeleteChannelDocument = graphql(`
  mutation DeleteChannel($id: ID!) {
    deleteChannel(id: $id)
  }
`);

export const RoleDefinitionsDocument = graphql(`
  query SettingsRoleDefinitions {
    roleDefinitions {
      id
      key
      name
      description
      builtIn
    }
  }
`);
export const CreateRoleDefinitionDocument = graphql(`
  mutation CreateRoleDefinition($input: CreateRoleDefinitionInput!) {
    createRoleDefinition(input: $input) {
      id
      key
      name
      description
      builtIn
    }
  }
`);
export const UpdateRoleDefinitionDocument = graphql(`
  mutation UpdateRoleDefinition($id: ID!, $input: UpdateRoleDefinitionInput!) {
    updateRoleDefinition(id: $id, input: $input) {
      id
      key
      name
      description
      builtIn
    }
  }
`);
export const DeleteRoleDefinitionDocument = graphql(`
  mutation DeleteRoleDefinition($id: ID!) {
    deleteRoleDefinition(id: $id)
  }
`);

export const AuthorizationGroupsDocument = graphql(`
  query SettingsAuthorizationGroups($type: AuthorizationGroupType) {
    authorizationGroups(type: $type) {
      id
      name
      description
      type
      grants {
        roleKey
        level
        role {
          name
        }
      }
    }
  }
`);
export const CreateAuthorizationGroupDocument = graphql(`
  mutation CreateAuthorizationGroup($input: CreateAuthorizationGroupInput!) {
    createAuthorizationGroup(input: $input) {
      id
      name
    }
  }
`);
export const UpdateAuthorizationGroupDocument = graphql(`
  mutation UpdateAuthorizationGroup($id: ID!, $input: UpdateAuthorizationGroupInput!) {
    updateAuthorizationGroup(id: $id, input: $input) {
      id
      name
    }
  }
`);
export const DeleteAuthorizationGroupDocument = graphql(`
  mutation DeleteAuthorizationGroup($id: ID!) {
    deleteAuthorizationGroup(id: $id)
  }
`);

export const UsersDocument = graphql(`
  query SettingsUsers {
    users(first: 100) {
      totalCount
      edges {
        node {
          id
          email
          name
          active
          superUser
          lastLoginAt
          grants {
            roleKey
            level
            role {
              name
            }
          }
          groups {
            id
            name
          }
        }
      }
    }
  }
`);
export const CreateUserDocument = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      email
    }
  }
`);
export const UpdateUserDocument = graphql(`
  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) {
      id
      email
      name
      active
      groups {
        id
        name
      }
    }
  }
`);
export const SetUserGrantsDocument = graphql(`
  mutation SetUserGrants($userId: ID!, $grants: [RoleGrantInput!]!) {
    setUserGrants(userId: $userId, grants: $grants) {
      id
      grants {
        roleKey
        level
      }
    }
  }
`);
export const RevokeUserSessionsDocument = graphql(`
  mutation RevokeUserSessions($userId: ID!) {
    revokeUserSessions(userId: $userId) {
      id
    }
  }
`);
export const ChangeMyPasswordDocument = graphql(`
  mutation ChangeMyPassword($currentPassword: String!, $newPassword: String!) {
    changeMyPassword(currentPassword: $currentPassword, newPassword: $newPassword) {
      token
      expiresAt
    }
  }
`);

/** What the tenant tab, the tenants list and their forms show; updateTenant answers with it (urql's cache). */
export const TenantFieldsFragment = graphql(`
  fragment TenantFields on Tenant {
    id
    name
    slug
    apiKeyLimit
    defaultRateLimitPerMinute
    leakedKeyAction
    apiKeyUsage {
      used
      limit
    }
  }
`);
export const TenantDocument = graphql(`
  query SettingsTenant {
    tenant {
      ...TenantFields
      createdAt
    }
  }
`);
export const TenantsDocument = graphql(`
  query SettingsTenants {
    tenants {
      ...TenantFields
    }
  }
`);
export const CreateTenantDocument = graphql(`
  mutation CreateTenant($input: CreateTenantInput!) {
    createTenant(input: $input) {
      id
      name
      slug
    }
  }
`);
export const UpdateTenantDocument = graphql(`
  mutation UpdateTenant($id: ID!, $input: UpdateTenantInput!) {
    updateTenant(id: $id, input: $input) {
      ...TenantFields
    }
  }
`);
