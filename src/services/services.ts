import { ApiKeyService } from './api-key.service';
import { AuthService } from './auth.service';
import { ChannelService } from './channel.service';
import { RoleService } from './role.service';
import type { ServiceDeps } from './service-deps';
import { TenantService } from './tenant.service';
import { UserService } from './user.service';

/** Every service, built once per process. */
export function createServices(deps: ServiceDeps) {
  return {
    apiKeys: new ApiKeyService(deps),
    auth: new AuthService(deps),
    tenants: new TenantService(deps),
    users: new UserService(deps),
    channels: new ChannelService(deps),
    roles: new RoleService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
