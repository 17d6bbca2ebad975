import { errors as joseErrors } from 'jose';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { refusedCredential } from '../auth/authenticate';
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
const INVALID_SESSION = 'Invalid or expired session token';

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
    const failures: Array<{ user: User; reason: 'INVALID_PASSWORD' | 'USER_INACTIVE' }> = [];
    if (candidates.length === 0) {
      await verifyPassword(input.password, await dummyPasswordHash());
    }
    for (const candidate of candidates) {
      const passwordOk = await verifyPassword(input.password, candidate.passwordHash);
      if (passwordOk && candidate.active) {
        matched = candidate;
        break;
      }
      failures.push({ user: candidate, reason: passwordOk ? 'USER_INACTIVE' : 'INVALID_PASSWORD' });
    }
    if (!matched) {
      await this.recordFailure(email, meta.ip);
      await this.auditFailedLogin(meta, email, failures);
      throw unauthenticated(INVALID_LOGIN);
    }
    await this.failuresByEmail.delete(email);
    const user = matched;
    user.lastLoginAt = new Date();
    const actor = new Principal({ type: 'USER', tenantId: user.tenantId, userId: user.id, superUser: user.superUser, label: user.email, request: meta });
    await this.deps.tx.run(async (em) => {
      await em.getRepository(User).update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
      await this.deps.events.emit(em, actor, { action: 'auth.login_succeeded', tenantId: user.tenantId, targetType: 'User', targetId: user.id });
    });
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
    } catch (error) {
      // a token Keyward did not sign (or not for sessions) is an unknown credential; an expired one is not
      throw refusedCredential(INVALID_SESSION, error instanceof joseErrors.JWTExpired ? 'EXPIRED' : 'NOT_FOUND');
    }
    const user = await this.deps.dataSource.getRepository(User).findOneBy({ id: String(payload.sub), tenantId: String(payload.tid) });
    if (!user || !user.active) throw refusedCredential(INVALID_SESSION, 'INACTIVE');
    const grants = await GrantService.effectiveForUser(this.deps.dataSource.manager, user.tenantId, user.id);
    return new Principal({ type: 'USER', tenantId: user.tenantId, userId: user.id, grants, superUser: user.superUser, label: user.email, request });
  }

  /**
   * `auth.login_failed` in each tenant where the email belongs to a user (actor ANONYMOUS, labelled
   * with the email tried; target that user). An email no user has belongs to no tenant: nothing is
   * written to any tenant's log (attributing it anywhere would leak sign-in attempts across
   * tenants); a warning with IP and request id goes to the server log instead. Throttled attempts
   * (RATE_LIMITED, rejected before any lookup) are not audited.
   */
  private async auditFailedLogin(meta: RequestMeta, email: string, failures: Array<{ user: User; reason: string }>): Promise<void> {
    if (failures.length === 0) {
      this.deps.log.warn({ ip: meta.ip, requestId: meta.requestId }, 'sign-in failed for an unknown email');
      return;
    }
    await this.deps.tx.run(async (em) => {
      for (const { user, reason } of failures) {
        const actor = new Principal({ type: 'ANONYMOUS', tenantId: user.tenantId, label: email, request: meta });
        await this.deps.events.emit(em, actor, { action: 'auth.login_failed', tenantId: user.tenantId, targetType: 'User', targetId: user.id, changes: { reason: { after: reason } } });
      }
    });
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
