import type { GraphQLResolveInfo } from 'graphql';
import type { Principal } from '../../core/principal';

/** How to tell that an object is the principal's own, per GraphQL type that carries `@allowSelf`. */
export type OwnObjectRule = (
  source: Record<string, unknown>,
  principal: Principal,
  info: GraphQLResolveInfo,
) => boolean;

/**
 * `login { user }`: the user a `login` of this very operation just signed in (the request itself is
 * still anonymous). Only that one object, not the users reachable below it.
 */
function signedInByThisOperation(info: GraphQLResolveInfo): boolean {
  const payload = info.path.prev;
  const root = payload?.prev;
  if (payload?.key !== 'user' || !root || root.prev || root.typename !== 'Mutation') return false;
  const alias = String(root.key);
  return info.operation.selectionSet.selections.some(
    (s) => s.kind === 'Field' && (s.alias?.value ?? s.name.value) === alias && s.name.value === 'login',
  );
}

export const ownObjectRules: Record<string, OwnObjectRule> = {
  /** The signed-in user (a session or one of its personal keys). */
  User: (user, principal, info) =>
    (principal.userId !== null && user.id === principal.userId) || signedInByThisOperation(info),
  /** The key the principal authenticated with, and the personal keys of the signed-in user. */
  ApiKey: (key, principal) =>
    (principal.apiKeyId !== null && key.id === principal.apiKeyId) ||
    (principal.userId !== null && key.kind === 'PERSONAL' && key.ownerId === principal.userId),
};
