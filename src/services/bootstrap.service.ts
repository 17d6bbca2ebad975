import { Tenant } from '../entities/tenant.entity';
import { SYSTEM_ACTOR } from '../entities/columns';
import { generatePassword } from '../crypto/password';
import type { ServiceDeps } from './service-deps';
import { TenantService } from './tenant.service';
import { UserService } from './user.service';

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
export async function bootstrap(deps: Pick<ServiceDeps, 'config' | 'tx'>): Promise<BootstrapResult> {
  return deps.tx.run(async (em) => {
    if ((await em.count(Tenant)) > 0) return { created: false };
    const email = deps.config.bootstrapEmail ?? 'admin@keyward.local';
    const generatedPassword = deps.config.bootstrapPassword ? undefined : generatePassword();
    const tenant = await TenantService.provision(em, { name: 'Default', slug: 'default' }, SYSTEM_ACTOR);
    const user = await UserService.insert(em, { tenantId: tenant.id, email, name: 'Administrator', password: deps.config.bootstrapPassword ?? generatedPassword!, superUser: true }, SYSTEM_ACTOR);
    await UserService.grantAllAreas(em, tenant.id, user.id, 'OWNER', SYSTEM_ACTOR);
    return { created: true, email: user.email, generatedPassword };
  });
}
