import { graphql } from '../../gql';
import type { AuditEventsQuery } from '../../gql/graphql';

export const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          seq
          action
          actorType
          actorId
          actorLabel
          targetType
          targetId
          changes
          ip
          userAgent
          requestId
          createdAt
          prevHash
          hash
        }
      }
    }
  }
`);

export const VerifyAuditChainDocument = graphql(`
  query VerifyAuditChain {
    verifyAuditChain {
      ok
      checked
      firstBrokenEventId
      problem
      prunedThroughSeq
    }
  }
`);

/** One row of the audit log, as AuditEvents returns it. */
export type AuditEvent = AuditEventsQuery['auditEvents']['edges'][number]['node'];
