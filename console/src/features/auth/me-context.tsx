import { createContext, useContext } from 'react';
import type { AccessLevel, MeQuery } from '../../gql/graphql';
import { graphql } from '../../gql';

export const MeDocument = graphql(`
  query Me {
    me {
      type
      user {
        id
        email
        name
        superUser
      }
      tenant {
        id
        name
        slug
        apiKeyLimit
        defaultRateLimitPerMinute
        apiKeyUsage {
          used
          limit
        }
      }
      grants {
        roleKey
        level
      }
    }
  }
`);

export type Me = MeQuery['me'];

const RANK: Record<AccessLevel, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

export const MeContext = createContext<Me | null>(null);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside the signed-in layout');
  return me;
}

export function levelAtLeast(held: AccessLevel, wanted: AccessLevel): boolean {
  return RANK[held] >= RANK[wanted];
}

/** Whether the signed-in principal holds `role` at `level` or higher; hides controls only, the API decides. */
export function useCan(): (role: string, level: AccessLevel) => boolean {
  const me = useMe();
  return (role, level) => me.grants.some((g) => g.roleKey === role && levelAtLeast(g.level, level));
}

export const ACCESS_LEVELS: AccessLevel[] = ['VIEWER', 'EDITOR', 'OWNER'];
