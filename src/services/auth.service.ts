import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { Principal } from '../auth/principal';
import { dummyPasswordHash, verifyPassword } from '../crypto/password';
import { User } from '../entities/user.entity';
import { rateLimited, unauthenticated } from '../errors';
import type { RequestMeta } from '../request-meta';
import { GrantService } from './grant.service';
import type { ServiceDeps } from './service-deps';
import { normalizeEmail } from './user.service';

export const SESSION_AUDIENCE = 'keyward:session';

export interface LoginInput {
  email: string;
  password: string;
  /** Tenant slug; only needed when one email exists in several tenants. */
  tenant?: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: User;
}

const INVALID_LOGIN = 'Invalid email or password';

/** Backoffice sign-in and session tokens. */
export class AuthService {
  private readonly failuresByEmail: RateLimiterAbstract;
  private readonly failuresByIp: RateLimiterAbstract;

  constructor(private readonly deps: ServiceDeps) {
    // 10 failures per email per 15 min, 100 per IP per 15 min; a success clears the email counter.
    this.failuresByEmail = deps.limiters.create({ keyPrefix: 'login-email', points: 10, durationSeconds: 900, blockDurationSeconds: 900 });
    this.failuresByIp = deps.limiters.create({ keyPrefix: 'login-ip', points: 100, durationSeconds: 900, blockDurationSeconds: 900 });
  }

  /**
   * Wrong password, unknown email and inactive user answer the same error after the same work
   * (one scrypt verification), so responses do not reveal which accounts exist.
   */
  async login(principal: Principal, input: LoginInput): Promise<LoginResult> {
    const meta = principal.request;
    const email = normalizeEmail(input.email);
    await this.assertNotThrottled(email, meta.ip);
    const where = input.tenant ? { email, tenant: { slug: input.tenant } } : { email };
    const candidates = await this.deps.dataSource.getRepository(User).find({ where, relations: { tenant: true }, order: { createdAt: 'ASC' }, take: 5 });
    let matched: User | undefined;
    if (candidates.length === 0) {
      await verifyPassword(input.password, await dummyPasswordHash());
    }
    for (const candidate of candidates) {
      if ((await verifyPassword(input.password, candidate.passwordHash)) && candidate.active) {
        matched = candidate;
        break;
      }
    }
    if (!matched) {
      await this.recordFailure(email, meta.ip);
      throw unauthenticated(INVALID_LOGIN);
    }
    await this.failuresByEmail.delete(email);
    matched.lastLoginAt = new Date();
    await this.deps.dataSource.getRepository(User).update({ id: matched.id }, { lastLoginAt: matched.lastLoginAt });
    const { token, expiresAt } = await this.deps.signingKeys.sign(
      { tid: matched.tenantId },
      { audience: SESSION_AUDIENCE, subject: matched.id, expiresInSeconds: this.deps.config.sessionTtlSeconds },
    );
    return { token, expiresAt, user: matched };
  }

  /** The principal for a session token; rejects deactivated users at once. */
  async principalFromSession(token: string, request: RequestMeta): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await this.deps.signingKeys.verify(token, SESSION_AUDIENCE));
    } catch {
      throw unauthenticated('Invalid or expired session token');
    }
    const user = await this.deps.dataSource.getRepository(User).findOneBy({ id: String(payload.sub), tenantId: String(payload.tid) });
    if (!user || !user.active) throw unauthenticated('Invalid or expired session token');
    const grants = await GrantService.effectiveForUser(this.deps.dataSource.manager, user.tenantId, user.id);
    return new Principal({ type: 'USER', tenantId: user.tenantId, userId: user.id, grants, superUser: user.superUser, label: user.email, request });
  }

  private async assertNotThrottled(email: string, ip: string): Promise<void> {
    const [byEmail, byIp] = await Promise.all([this.failuresByEmail.get(email), this.failuresByIp.get(ip)]);
    const blocked = [byEmail, byIp].filter((r) => r !== null && r.remainingPoints <= 0);
    if (blocked.length > 0) {
      const retryAfter = Math.max(1, ...blocked.map((r) => Math.ceil(r!.msBeforeNext / 1000)));
      throw rateLimited(retryAfter, 'Too many failed sign-in attempts; retry later');
    }
  }

  private async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([
      this.failuresByEmail.consume(email).catch(swallowRejection),
      this.failuresByIp.consume(ip).catch(swallowRejection),
    ]);
  }
}

/** rate-limiter-flexible rejects with a RateLimiterRes when points run out; that is expected here. */
function swallowRejection(reason: unknown): void {
  if (reason instanceof Error) throw reason;
}
