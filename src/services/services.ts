import { AccessTokens } from '../auth/access-tokens';
import { KeyVerifier } from '../auth/key-verifier';
import { AuthService } from './auth.service';
import type { ServiceDeps } from './service-deps';
import { TenantService } from './tenant.service';
import { UserService } from './user.service';

/** Every service, built once per process. */
export function createServices(deps: ServiceDeps) {
  // The verify path (DESIGN §6). Key management calls keyVerifier.invalidate(keyId) after a
  // revoke/rotate/update/delete commits.
  const keyVerifier = new KeyVerifier(deps);
  return {
    auth: new AuthService(deps),
    tenants: new TenantService(deps),
    users: new UserService(deps),
    keyVerifier,
    accessTokens: new AccessTokens(deps.signingKeys, keyVerifier, deps.config),
  };
}

export type Services = ReturnType<typeof createServices>;
