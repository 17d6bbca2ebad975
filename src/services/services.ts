import { AuditService } from './audit.service';
import { AuthService } from './auth.service';
import type { ServiceDeps } from './service-deps';
import { TenantService } from './tenant.service';
import { UserService } from './user.service';

/** Every service, built once per process. */
export function createServices(deps: ServiceDeps) {
  const audit = new AuditService(deps);
  deps.events.register(audit);
  audit.startRetention();
  return {
    audit,
    auth: new AuthService(deps),
    tenants: new TenantService(deps),
    users: new UserService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
