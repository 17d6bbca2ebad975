import { Tenant } from '../../db/entities/tenant.entity';
import { SYSTEM_ACTOR } from '../../db/entities/columns';
import { generatePassword } from '../../crypto/password';
import type { Infrastructure } from '../shared/infrastructure';
import { operatorPrincipal } from '../shared/operator';
import { tenantView } from './tenant.service';
import { provisionTenant } from './tenant-provisioning';
import { insertAdmin } from '../users/user-insert';

export interface BootstrapResult {
  created: boolean;
  email?: string;
  /** Only when the password was generated; shown once. */
  generatedPassword?: string;
}

/**
 * On an empty database: tenant `default` and a super user with OWNER on every area, from
 * KEYWARD_BOOTSTRAP_EMAIL/PASSWORD or with a generated password. Does nothing once any tenant exists.
 */
export async function bootstrap(deps: Pick<Infrastructure, 'config' | 'tx' | 'events'>): Promise<BootstrapResult> {
  return deps.tx.run(async (em) => {
    if ((await em.count(Tenant)) > 0) return { created: false };
    const email = deps.config.bootstrapEmail ?? 'admin@keyward.local';
    const generatedPassword = deps.config.bootstrapPassword ? undefined : generatePassword();
    const tenant = await provisionTenant(em, { name: 'Default', slug: 'default' }, SYSTEM_ACTOR);
    // the operator (who configured the bootstrap) is the actor of both events in the new tenant's log
    const operator = operatorPrincipal(tenant.id, 'bootstrap');
    await deps.events.emit(em, operator, {
      action: 'tenant.created',
      tenantId: tenant.id,
      targetType: 'Tenant',
      targetId: tenant.id,
      data: tenantView(tenant),
    });
    const { user } = await insertAdmin(em, deps.events, operator, {
      tenantId: tenant.id,
      email,
      name: 'Administrator',
      password: deps.config.bootstrapPassword ?? generatedPassword!,
      superUser: true,
    });
    return { created: true, email: user.email, generatedPassword };
  });
}
