import { isBuiltInRole, levelSatisfies, maxLevel, type AccessLevel } from './access-level';
import type { ActorRef } from './actor';
import { SYSTEM_REQUEST, type RequestMeta } from './request-meta';

export type PrincipalType = 'ANONYMOUS' | 'SYSTEM' | 'USER' | 'API_KEY' | 'REST_CLIENT';

/** Effective grants: role key → highest level held. */
export class GrantSet {
  private readonly levels = new Map<string, AccessLevel>();

  constructor(grants: Iterable<{ roleKey: string; level: AccessLevel }> = []) {
    for (const grant of grants) this.add(grant.roleKey, grant.level);
  }

  add(roleKey: string, level: AccessLevel): void {
    this.levels.set(roleKey, maxLevel(this.levels.get(roleKey), level));
  }

  levelOf(roleKey: string): AccessLevel | undefined {
    return this.levels.get(roleKey);
  }

  allows(roleKey: string, level: AccessLevel): boolean {
    return levelSatisfies(this.levels.get(roleKey), level);
  }

  toArray(): Array<{ roleKey: string; level: AccessLevel }> {
    return [...this.levels]
      .map(([roleKey, level]) => ({ roleKey, level }))
      .sort((a, b) => a.roleKey.localeCompare(b.roleKey));
  }
}

interface PrincipalInit {
  type: PrincipalType;
  tenantId: string | null;
  grants?: GrantSet;
  userId?: string | null;
  apiKeyId?: string | null;
  channelId?: string | null;
  superUser?: boolean;
  /** Human label for logs and audit events ("alice@example.com", "key Partner ERP"). */
  label?: string;
  /** The HTTP request this principal acts in (IP, user agent, request id). */
  request?: RequestMeta;
}

/** Who is calling, built once per request by `authenticate`. */
export class Principal {
  readonly type: PrincipalType;
  readonly tenantId: string | null;
  readonly grants: GrantSet;
  readonly userId: string | null;
  readonly apiKeyId: string | null;
  readonly channelId: string | null;
  readonly superUser: boolean;
  readonly label: string;
  readonly request: RequestMeta;

  constructor(init: PrincipalInit) {
    this.type = init.type;
    this.tenantId = init.tenantId;
    this.grants = init.grants ?? new GrantSet();
    this.userId = init.userId ?? null;
    this.apiKeyId = init.apiKeyId ?? null;
    this.channelId = init.channelId ?? null;
    this.superUser = init.superUser ?? false;
    this.label = init.label ?? init.type.toLowerCase();
    this.request = init.request ?? SYSTEM_REQUEST;
  }

  static anonymous(request?: RequestMeta): Principal {
    return new Principal({ type: 'ANONYMOUS', tenantId: null, request });
  }

  /** A platform actor for bootstrap, the CLI and background jobs; holds every grant it is given. */
  static system(tenantId: string | null, grants?: GrantSet): Principal {
    return new Principal({ type: 'SYSTEM', tenantId, label: 'system', grants, superUser: true });
  }

  get authenticated(): boolean {
    return this.type !== 'ANONYMOUS';
  }

  /** The same principal acting in the given request. */
  withRequest(request: RequestMeta): Principal {
    return new Principal({ ...this, request });
  }

  /** Tenant of an authenticated principal; callers behind @auth/@authenticated may rely on it. */
  get tenant(): string {
    if (!this.tenantId) throw new Error('principal has no tenant');
    return this.tenantId;
  }

  can(roleKey: string, level: AccessLevel): boolean {
    return this.authenticated && this.grants.allows(roleKey, level);
  }

  /**
   * No escalation: a principal may hand out (or take away) a grant only when it holds it at the same
   * or a higher level. Tenant-defined areas nobody holds yet are managed by ROLE_AND_PERMISSION
   * owners; super users may assign anything.
   */
  mayAssign(roleKey: string, level: AccessLevel): boolean {
    if (this.superUser || this.grants.allows(roleKey, level)) return true;
    return !isBuiltInRole(roleKey) && this.grants.allows('ROLE_AND_PERMISSION', 'OWNER');
  }

  actor(): ActorRef {
    if (this.type === 'USER') return { type: 'USER', id: this.userId };
    if (this.type === 'API_KEY' || this.type === 'REST_CLIENT') return { type: 'API_KEY', id: this.apiKeyId };
    return { type: 'SYSTEM', id: null };
  }
}
