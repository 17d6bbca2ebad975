import type { AccessLevel } from '../core/access-level';
import { forbidden, unauthenticated } from '../core/errors';
import type { Principal } from '../core/principal';

/**
 * Who may call: a GraphQL field's directive (@public, @authenticated, @superUser, @auth) or a REST route's
 * `config.auth`.
 */
export type Requirement =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'superUser' }
  | { kind: 'auth'; role: string; level: AccessLevel };

/**
 * The one authorization rule of GraphQL directives and REST routes: throws UNAUTHENTICATED /
 * FORBIDDEN when the principal does not meet the requirement. `unauthenticatedMessage` is the 401's
 * detail (REST routes name the credentials they take).
 */
export function enforce(requirement: Requirement, principal: Principal, unauthenticatedMessage?: string): void {
  if (requirement.kind === 'public') return;
  if (!principal.authenticated) throw unauthenticated(unauthenticatedMessage);
  if (requirement.kind === 'superUser' && !principal.superUser) throw forbidden('Requires a super user');
  if (requirement.kind === 'auth' && !principal.can(requirement.role, requirement.level)) {
    throw forbidden(`Requires ${requirement.role} at level ${requirement.level} or higher`);
  }
}
