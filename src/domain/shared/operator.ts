import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Principal } from '../../core/principal';

/** The OS account running this process ("unknown" when it has none, e.g. in some containers). */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The platform operator as the actor of what the CLI and the bootstrap do: a SYSTEM actor whose
 * label names the action and the OS account, e.g. `operator: keyward create-admin (root)`.
 */
export function operatorPrincipal(tenantId: string, action: string): Principal {
  return new Principal({
    type: 'SYSTEM',
    tenantId,
    label: `operator: ${action} (${osUser()})`,
    superUser: true,
    request: { ip: '127.0.0.1', userAgent: action, requestId: `operator-${randomUUID()}` },
  });
}
