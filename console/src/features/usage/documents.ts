import { graphql } from '../../gql';

export const KeyUsageDocument = graphql(`
  query KeyUsage($id: ID!, $from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {
    apiKey(id: $id) {
      id
      usage(from: $from, to: $to, granularity: $granularity) {
        start
        valid
        rateLimited
        denied
        total
      }
    }
  }
`);

export const TenantUsageDocument = graphql(`
  query TenantUsage($from: DateTime!, $to: DateTime!, $granularity: UsageGranularity!) {
    tenant {
      id
      usage(from: $from, to: $to, granularity: $granularity) {
        start
        valid
        rateLimited
        denied
        total
      }
      topKeys(from: $from, to: $to, first: 100) {
        total
        valid
        rateLimited
        denied
        apiKey {
          id
          name
          kind
          status
          leakedAt
        }
      }
    }
  }
`);
