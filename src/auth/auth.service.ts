import { errors as joseErrors } from 'jose';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { refusedCredential } from './authenticate';
import { SessionCache, type LoadedSession } from './session-cache';
import { clientNetwork } from '../credentials/failed-auth-throttle';
import { PasswordCheckGate } from '../credentials/password-check-gate';
import { Principal } from '../core/principal';
import { dummyPasswordHash, verifyPassword } from '../crypto/password';
import { User } from '../db/entities/user.entity';
import { badInput, forbidden, rateLimited, unauthenticated } from '../core/errors';
import type { RequestMeta } from '../core/request-meta';
import { effectiveForUser } from '../domain/roles/grants';
import type { Infrastructure } from '../domain/shared/infrastructure';
import { normalizeEmail } from '../domain/users/user-input';
import type { UserService } from '../domain/users/user.service';

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
  private readonly failuresByAccount: RateLimiterAbstract;
  private readonly failuresByIp: RateLimiterAbstract;
  private readonly passwordChecks = new PasswordCheckGate();

  constructor(
    private readonly deps: Pick<
      Infrastructure,
      'config' | 'dataSource' | 'tx' | 'events' | 'limiters' | 'signingKeys' | 'log'
    >,
    private readonly users: UserService,
    /** Verified sessions (sessionCacheInvalidation drops them on changes to users, grants, groups, roles, tenants). */
    private readonly sessions: SessionCache,
  ) {
    // 10 attempts per account (tenant, email) per 15 min, 100 per address per 15 min; a success
    // clears its own account's counter only and returns its address's point.
    this.failuresByAccount = deps.limiters.create({
      keyPrefix: 'login-account',
      points: 10,
      durationSeconds: 900,
      blockDurationSeconds: 900,
    });
    this.failuresByIp = deps.limiters.create({
      keyPrefix: 'login-ip',
      points: 100,
      durationSeconds: 900,
      blockDurationSeconds: 900,
    });
  }

  /**
   * Wrong password, unknown email and inactive user answer the same error after the same work
   * (one scrypt verification), so responses do not reveal which accounts exist. Each attempt takes
   * its address's and its account's point BEFORE the password is checked (parallel guesses cannot
   * outrun the limit); a success gives them back. Without `tenant`, an email held in several
   * tenants answers BAD_USER_INPUT (field `tenant`) whatever the password, naming no tenant.
   */
  async login(principal: Principal, input: LoginInput): Promise<LoginResult> {
    const meta = principal.request;
    const email = normalizeEmail(input.email);
    const client = clientNetwork(meta.ip);
    await reserve(this.failuresByIp, client);
    const where = input.tenant ? { email, tenant: { slug: input.tenant } } : { email };
    const candidates = await this.deps.dataSource
      .getRepository(User)
      .find({ where, relations: { tenant: true }, order: { createdAt: 'ASC' }, take: 2 });
    if (candidates.length > 1)
      throw badInput(
        'tenant',
        "Several organisations use this email: pass `tenant` (your organisation's slug) to sign in",
      );
    const candidate = candidates[0];
    const account = `${candidate?.tenantId ?? '-'}:${email}`;
    const passwordOk = await this.checkPassword(client, account, input.password, candidate?.passwordHash);
    if (!candidate || !passwordOk || !candidate.active) {
      await this.auditFailedLogin(
        meta,
        email,
        candidate && { user: candidate, reason: passwordOk ? 'USER_INACTIVE' : 'INVALID_PASSWORD' },
      );
      throw unauthenticated(INVALID_LOGIN);
    }
    await this.forgive(client, account);
    const user = candidate;
    user.lastLoginAt = new Date();
    const actor = new Principal({
      type: 'USER',
      tenantId: user.tenantId,
      userId: user.id,
      superUser: user.superUser,
      label: user.email,
      request: meta,
    });
    await this.deps.tx.run(async (em) => {
      await em.getRepository(User).update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
      await this.deps.events.emit(em, actor, {
        action: 'auth.login_succeeded',
        tenantId: user.tenantId,
        targetType: 'User',
        targetId: user.id,
      });
    });
    return this.issueSession(user);
  }

  /**
   * Changes the signed-in user's own password after checking the current one (throttled like a
   * sign-in: a stolen session cannot guess it). Every session of the user issued so far stops
   * working, this one included: the answer carries a new session token. Personal keys stay.
   */
  async changeMyPassword(
    principal: Principal,
    args: { currentPassword: string; newPassword: string },
  ): Promise<LoginResult> {
    if (principal.type !== 'USER' || !principal.userId)
      throw forbidden('Sign in with your password (a session) to change it');
    const user = await this.deps.dataSource
      .getRepository(User)
      .findOneBy({ id: principal.userId, tenantId: principal.tenant });
    if (!user) throw unauthenticated(INVALID_SESSION);
    const client = clientNetwork(principal.request.ip);
    const account = `${user.tenantId}:${user.email}`;
    await reserve(this.failuresByIp, client);
    if (!(await this.checkPassword(client, account, args.currentPassword, user.passwordHash)))
      throw badInput('currentPassword', 'The current password is not correct');
    await this.forgive(client, account);
    return this.issueSession(await this.users.changeOwnPassword(principal, args.newPassword));
  }

  /**
   * One password check of an attempt whose address point the caller took: takes the account's
   * point first (parallel guesses cannot outrun the limit), then checks within the gate (no
   * stored hash: against the dummy one, same work). An attempt that was not checked is given back.
   */
  private async checkPassword(
    client: string,
    account: string,
    password: string,
    storedHash: string | undefined,
  ): Promise<boolean> {
    await reserve(this.failuresByAccount, account);
    try {
      return await this.passwordChecks.run(client, async () =>
        verifyPassword(password, storedHash ?? (await dummyPasswordHash())),
      );
    } catch (error) {
      await Promise.all([refund(this.failuresByIp, client), refund(this.failuresByAccount, account)]);
      throw error;
    }
  }

  /** After a right password: the account's failures are forgotten, the address's point is given back. */
  private async forgive(client: string, account: string): Promise<void> {
    await Promise.all([this.failuresByAccount.delete(account), refund(this.failuresByIp, client)]);
  }

  /** A session token for `user`, bound to its current session epoch. */
  private async issueSession(user: User): Promise<LoginResult> {
    const { token, expiresAt } = await this.deps.signingKeys.sign(
      { tid: user.tenantId, sep: user.sessionEpoch },
      { audience: SESSION_AUDIENCE, subject: user.id, expiresInSeconds: this.deps.config.sessionTtlSeconds },
    );
    return { token, expiresAt, user };
  }

  /**
   * The principal for a session token; rejects deactivated users and revoked sessions at once. A
   * token verified before comes from the session cache (no signature check, no database read; its
   * expiry and signing key still checked): changes to the user, its grants and groups, the
   * tenant's groups and roles drop its entries everywhere (sessionCacheInvalidation).
   */
  principalFromSession(token: string, request: RequestMeta): Promise<Principal> {
    const cacheKey = SessionCache.keyOf(token);
    const cached = this.sessions.get(cacheKey, Date.now(), this.keyVerifies);
    if (cached) return Promise.resolve(cached.principal.withRequest(request));
    return this.sessions
      .load(cacheKey, () => this.loadSession(token))
      .then((principal) => principal.withRequest(request));
  }

  private readonly keyVerifies = (kid: string) => this.deps.signingKeys.verifies(kid);

  /** The principal (no request) of a token not in the cache, and what the cache needs to keep it. */
  private async loadSession(token: string): Promise<LoadedSession> {
    let payload, protectedHeader;
    try {
      ({ payload, protectedHeader } = await this.deps.signingKeys.verify(token, SESSION_AUDIENCE));
    } catch (error) {
      // a token Keyward did not sign (or not for sessions) is an unknown credential; an expired one is not
      throw refusedCredential(INVALID_SESSION, error instanceof joseErrors.JWTExpired ? 'EXPIRED' : 'NOT_FOUND');
    }
    const user = await this.deps.dataSource
      .getRepository(User)
      .findOneBy({ id: String(payload.sub), tenantId: String(payload.tid) });
    if (!user || !user.active) throw refusedCredential(INVALID_SESSION, 'INACTIVE');
    // issued before the user's last password change, deactivation or "sign out everywhere"
    if ((payload.sep ?? 0) !== user.sessionEpoch) throw refusedCredential(INVALID_SESSION, 'REVOKED');
    const grants = await effectiveForUser(this.deps.dataSource.manager, user.tenantId, user.id);
    const principal = new Principal({
      type: 'USER',
      tenantId: user.tenantId,
      userId: user.id,
      grants,
      superUser: user.superUser,
      label: user.email,
    });
    return { principal, exp: payload.exp, kid: protectedHeader.kid };
  }

  /**
   * `auth.login_failed` in the tenant of the user the email belongs to (actor ANONYMOUS, labelled
   * with the email tried; target that user). An email no user has belongs to no tenant: nothing is
   * written to any tenant's log (attributing it anywhere would leak sign-in attempts across
   * tenants); a warning with IP and request id goes to the server log instead. Throttled attempts
   * (RATE_LIMITED, rejected before the password check) are not audited.
   */
  private async auditFailedLogin(
    meta: RequestMeta,
    email: string,
    failure: { user: User; reason: string } | undefined,
  ): Promise<void> {
    if (!failure) {
      this.deps.log.warn({ ip: meta.ip, requestId: meta.requestId }, 'sign-in failed for an unknown email');
      return;
    }
    const { user, reason } = failure;
    await this.deps.tx.run(async (em) => {
      const actor = new Principal({ type: 'ANONYMOUS', tenantId: user.tenantId, label: email, request: meta });
      await this.deps.events.emit(em, actor, {
        action: 'auth.login_failed',
        tenantId: user.tenantId,
        targetType: 'User',
        targetId: user.id,
        changes: { reason: { after: reason } },
      });
    });
  }
}

/** Takes one point for `key`; RATE_LIMITED (with Retry-After) when none is left. */
async function reserve(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (reason) {
    if (!(reason instanceof RateLimiterRes)) throw reason;
    throw rateLimited(
      Math.max(1, Math.ceil(reason.msBeforeNext / 1000)),
      'Too many failed sign-in attempts; retry later',
    );
  }
}

/** Gives back the point an attempt took (a success, or an attempt that was not checked). */
async function refund(limiter: RateLimiterAbstract, key: string): Promise<void> {
  await limiter.reward(key, 1);
}
