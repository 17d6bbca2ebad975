import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { forbidden, notFound } from '../../core/errors';
import { User } from '../../db/entities/user.entity';
import { channelScope } from '../channels/channel-scope';
import { assertMayAssign } from '../roles/grant-changes';
import { effectiveForUser } from '../roles/grants';
import { rowLock } from '../shared/input-rules';

/**
 * The target of a change, locked. Changing another user's email, password, state, groups or grants
 * could take over or demote its access, so the principal must be able to assign every grant the
 * target holds (own ∪ groups; the no-escalation rule, assertMayAssign), and only super users may
 * change a super user. Channel-bound principals change no users.
 */
export async function findUserForChange(
  em: EntityManager,
  dialect: 'sqlite' | 'mysql',
  principal: Principal,
  id: string,
  field = 'id',
): Promise<User> {
  channelScope.assertTenantWide(principal, 'change users');
  const user = await em.findOne(User, {
    where: { id, tenantId: principal.tenant },
    ...rowLock(dialect),
  });
  if (!user) throw notFound('User', field);
  if (user.id === principal.userId || principal.superUser) return user;
  if (user.superUser) throw forbidden('Only super users may change a super user');
  const held = await effectiveForUser(em, principal.tenant, user.id);
  assertMayAssign(
    principal,
    held.toArray(),
    (g) => `You cannot change a user holding ${g.roleKey} at level ${g.level}: you do not hold it yourself`,
  );
  return user;
}
