import type { Principal } from '../../core/principal';
import { forbidden } from '../../core/errors';
import type { User } from '../../db/entities/user.entity';
import { currentGrants, sortGrants } from '../roles/grant-changes';
import { type GrantRow, replaceGrants, resolveGrantInput } from '../roles/grants';
import type { Infrastructure } from '../shared/infrastructure';
import { findUserForChange } from './user-change-target';
import { userView } from './user-view';

/** Replaces a user's direct grants: not your own, only what you hold (to give and to take away). */
export async function setUserGrants(
  deps: Pick<Infrastructure, 'tx' | 'events'>,
  principal: Principal,
  args: { userId: string; grants: GrantRow[] },
): Promise<User> {
  return deps.tx.run(async (em) => {
    const user = await findUserForChange(em, deps.tx.dialect, principal, args.userId, 'userId');
    if (user.id === principal.userId) throw forbidden('You cannot change your own grants');
    const before = await currentGrants(em, principal.tenant, 'USER', user.id);
    const resolved = await resolveGrantInput(em, principal, args.grants, 'grants', before);
    const after = sortGrants(resolved);
    if (JSON.stringify(before) === JSON.stringify(after)) return user;
    await replaceGrants(em, principal.tenant, 'USER', user.id, resolved, principal.actor());
    await em.save(user.stampUpdated(principal.actor()));
    await deps.events.emit(em, principal, {
      action: 'user.grants_updated',
      tenantId: principal.tenant,
      targetType: 'User',
      targetId: user.id,
      changes: { grants: { before, after } },
      data: { ...userView(user), grants: after },
    });
    return user;
  });
}
