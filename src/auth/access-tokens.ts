import { errors as joseErrors, type JWTPayload } from 'jose';
import type { Config } from '../config/config';
import type { RequestMeta } from '../core/request-meta';
import { ACCESS_LEVELS, levelRank, type AccessLevel } from '../core/access-level';
import type { KeyVerifier, VerifiedKey, VerifyOptions, VerifyResult } from './key-verifier';
import { scopeOf } from './key-verifier';
import { GrantSet, Principal } from '../core/principal';
import type { SigningKeys } from '../credentials/signing-keys';

/** `aud` of Keyward access tokens: Keyward's own APIs and the services behind its forward-auth. */
export const ACCESS_TOKEN_AUDIENCE = 'keyward';
export const ACCESS_TOKEN_TYP = 'at+jwt';
const SCOPE_TOKEN = /^([a-z][a-z0-9_]{0,63}):(viewer|editor|owner)$/;

export interface ScopeGrant {
  roleKey: string;
  level: AccessLevel;
}

/** Parses `order_data:editor product_data:viewer`; undefined when a token is not of that form. */
export function parseScope(scope: string): ScopeGrant[] | undefined {
  const out: ScopeGrant[] = [];
  for (const token of scope.split(' ').filter(Boolean)) {
    const match = SCOPE_TOKEN.exec(token);
    if (!match) return undefined;
    out.push({ roleKey: match[1]!.toUpperCase(), level: match[2]!.toUpperCase() as AccessLevel });
  }
  return out;
}

/** The grants of `held` limited to `requested` (each at the lower of the two levels). */
export function narrowGrants(held: GrantSet, requested: ScopeGrant[]): GrantSet {
  const out = new GrantSet();
  for (const want of requested) {
    const have = held.levelOf(want.roleKey);
    if (!have) continue;
    out.add(want.roleKey, levelRank(have) < levelRank(want.level) ? have : want.level);
  }
  return out;
}

/** Scope grants that `held` does not cover (for `invalid_scope`). */
export function uncoveredScope(held: GrantSet, requested: ScopeGrant[]): ScopeGrant[] {
  return requested.filter((g) => !held.allows(g.roleKey, g.level) || !ACCESS_LEVELS.includes(g.level));
}

export type AccessTokenResult = VerifyResult & { claims?: JWTPayload };

/**
 * True for a token minted before its credential's last rotation. Tokens carry the rotation they
 * were minted after (`rot`, epoch ms, 0 for none), compared exactly. Tokens minted before `rot`
 * existed have only `iat`, in whole seconds: one minted in the rotation's own second cannot be told
 * from one minted just before it, so it counts as before (refused; the client fetches a new one).
 */
export function mintedBeforeRotation(claims: JWTPayload, rotatedAt: Date | null): boolean {
  if (!rotatedAt) return false;
  if (typeof claims.rot === 'number') return claims.rot < rotatedAt.getTime();
  return typeof claims.iat !== 'number' || claims.iat * 1000 <= rotatedAt.getTime();
}

/**
 * RFC 9068 access tokens for REST credentials (client credentials grant). Every use re-checks the
 * REST credential through the key verifier (cached), so revoking, deactivating or rotating it stops
 * its tokens at once; the token's scope only narrows the credential's current grants.
 */
export class AccessTokens {
  constructor(
    private readonly signingKeys: SigningKeys,
    private readonly verifier: KeyVerifier,
    private readonly config: Config,
  ) {}

  /** Public signing keys (current and previous) for /.well-known/jwks.json. */
  jwks() {
    return this.signingKeys.jwks();
  }

  /** The issuer: KEYWARD_ISSUER, or the base URL the request came in on. */
  issuerFor(request: { protocol: string; host: string }): string {
    return this.config.issuer ?? `${request.protocol}://${request.host}`;
  }

  async issue(
    key: VerifiedKey,
    grants: GrantSet,
    issuer: string,
  ): Promise<{ token: string; expiresIn: number; scope: string }> {
    const scope = scopeOf(grants);
    const expiresIn = this.config.accessTokenTtlSeconds;
    const { token } = await this.signingKeys.sign(
      {
        client_id: key.clientId,
        scope,
        tenant: key.tenantId,
        channel: key.channelId,
        rot: key.rotatedAt?.getTime() ?? 0,
      },
      {
        audience: ACCESS_TOKEN_AUDIENCE,
        subject: key.clientId ?? key.id,
        expiresInSeconds: expiresIn,
        typ: ACCESS_TOKEN_TYP,
        issuer,
      },
    );
    return { token, expiresIn, scope };
  }

  /** Verifies the signature and claims, then the REST credential behind it (same codes as keys). */
  async verify(token: string, request: RequestMeta, options: Partial<VerifyOptions> = {}): Promise<AccessTokenResult> {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await this.signingKeys.verify(
        token,
        ACCESS_TOKEN_AUDIENCE,
        ACCESS_TOKEN_TYP,
        this.config.issuer ?? null,
      ));
    } catch (error) {
      if (!(error instanceof joseErrors.JWTExpired)) return this.verifier.count({ valid: false, code: 'NOT_FOUND' });
      // signed by us and expired: the credential's own state comes first in the check order
      // (a token of a since revoked credential answers REVOKED, of a deleted one NOT_FOUND)
      const clientId = error.payload.client_id;
      const failure = typeof clientId === 'string' ? await this.verifier.clientFailure(clientId, options) : undefined;
      return this.verifier.count({
        valid: false,
        code: failure === 'NOT_FOUND' || failure === 'REVOKED' || failure === 'INACTIVE' ? failure : 'EXPIRED',
      });
    }
    if (typeof claims.client_id !== 'string' || typeof claims.tenant !== 'string')
      return this.verifier.count({ valid: false, code: 'NOT_FOUND' });
    if (options.tenantId !== undefined && claims.tenant !== options.tenantId)
      return this.verifier.count({ valid: false, code: 'NOT_FOUND' });
    const result = await this.verifier.verifyClient(claims.client_id, request, options);
    if (!result.valid) return { ...result, claims };
    if (result.key.tenantId !== claims.tenant) return { valid: false, code: 'NOT_FOUND' };
    // rotating a credential (e.g. after a leak) also ends the access tokens minted with it before
    if (mintedBeforeRotation(claims, result.key.rotatedAt))
      return { valid: false, code: 'REVOKED', key: result.key, claims };
    const requested = parseScope(typeof claims.scope === 'string' ? claims.scope : '') ?? [];
    const principal = new Principal({
      ...result.principal,
      grants: narrowGrants(result.principal.grants, requested),
      request,
    });
    return { ...result, principal, claims };
  }
}
