import { type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { Principal } from '../../core/principal';
import { generateSecret, looksLikeSecret } from '../../credentials/tokens';
import { ApiKey } from '../../db/entities/api-key.entity';
import { Tenant } from '../../db/entities/tenant.entity';
import { badInput, conflict, KeywardError, notFound } from '../../core/errors';
import { checkRateLimit, DESCRIPTION_MAX, NAME_MAX, optionalText, requireText } from '../shared/input-rules';
import {
  checkExpiresAt,
  checkIpAllowlist,
  NAME_MIN,
  MAX_DELETE_IDS,
  MAX_GRACE_SECONDS,
  REASON_MAX,
  type ApiKeyListArgs,
  type CreateGraphQLApiKeyInput,
  type CreateRestCredentialInput,
  type RotateArgs,
  type UpdateApiKeyInput,
} from './api-key-input';
import { createLimitedKey, createPersonalKey, type CreatedKey } from './api-key-creation';
import { pageApiKeys, type ApiKeyConnectionModel, type ApiKeyListOptions } from './api-key-list';
import { changeKeyGroup, inlineGrants } from './api-key-grants';
import { AUDITED_FIELDS, deleteKeys, emitKeyEvent, revokeKey, secretColumns, writeKeyChanges } from './api-key-changes';
import { diffFields, type FieldChange } from '../shared/domain-events';
import { GrantService } from '../roles/grant.service';
import { channelScope } from '../channels/channel-scope';
import { assertMayAssign } from '../roles/grant-changes';
import type { Infrastructure } from '../shared/infrastructure';
import type { UsageService } from '../usage/usage.service';

/** Why a credential's cached verification must be dropped. */
export type CredentialChange = 'updated' | 'deactivated' | 'rotated' | 'revoked' | 'deleted';
export type CredentialChangedListener = (keyId: string, change: CredentialChange) => void;

/** The reason a key revoked for a reported leak carries. */
export const LEAKED_REVOKE_REASON = 'leaked';

/**
 * The API key lifecycle (docs/design.md §5): GRAPHQL keys, REST client credentials and PERSONAL keys.
 * Secrets leave this service only in the result of create and rotate; only SHA-256 hashes,
 * `prefix` and `last4` are stored.
 */

export class ApiKeyService {
  constructor(
    private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events' | 'log'> & {
      /**
       * Called AFTER COMMIT for every key updated, deactivated, rotated, revoked or deleted: request authentication
       * drops its cached verifications.
       */
      onCredentialChanged: CredentialChangedListener;
      /** The USAGE_24H sort key's SQL. */
      usage: Pick<UsageService, 'usage24hSql'>;
    },
  ) {}

  // ---------------------------------------------------------------- reads

  /** Every key of the caller's tenant (a channel-bound caller sees its channel's keys only). */
  async list(principal: Principal, args: ApiKeyListArgs): Promise<ApiKeyConnectionModel> {
    const qb = this.scopedQuery(principal);
    return pageApiKeys(qb, args, this.listOptions());
  }

  /** The caller's own PERSONAL keys (nothing for principals that are not users). */
  async listOwnSecretKeys(principal: Principal, args: ApiKeyListArgs): Promise<ApiKeyConnectionModel> {
    const qb = this.deps.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.tenantId = :tenantId', { tenantId: principal.tenant });
    if (principal.userId)
      qb.andWhere("k.kind = 'PERSONAL' AND k.ownerId = :ownUserId", { ownUserId: principal.userId });
    else qb.andWhere('1 = 0');
    return pageApiKeys(qb, args, { ...this.listOptions(), ownKeys: true });
  }

  /** The key, or null when the caller's tenant has no such key. */
  async get(principal: Principal, id: string): Promise<ApiKey | null> {
    return this.scopedQuery(principal).andWhere('k.id = :id', { id }).getOne();
  }

  // ---------------------------------------------------------------- create

  async createGraphQLKey(principal: Principal, input: CreateGraphQLApiKeyInput): Promise<CreatedKey> {
    return createLimitedKey(this.deps, principal, 'GRAPHQL', input, input.channelId ?? null);
  }

  async createRestCredential(
    principal: Principal,
    input: CreateRestCredentialInput,
  ): Promise<{ apiKey: ApiKey; clientId: string; clientSecret: string }> {
    const { apiKey, secret } = await createLimitedKey(this.deps, principal, 'REST', input, null);
    return { apiKey, clientId: apiKey.clientId!, clientSecret: secret };
  }

  /** A PERSONAL key acting as the calling user; at most one active (not revoked, not expired) per user. */
  async createSecretKey(principal: Principal, title: string): Promise<CreatedKey> {
    return createPersonalKey(this.deps, principal, title);
  }

  // ---------------------------------------------------------------- update

  async update(principal: Principal, id: string, input: UpdateApiKeyInput): Promise<ApiKey> {
    const has = (field: keyof UpdateApiKeyInput) =>
      Object.prototype.hasOwnProperty.call(input, field) && input[field] !== undefined;
    // Input checks first: bad input changes nothing.
    const name = has('name') ? requireText('input.name', input.name, NAME_MIN, NAME_MAX, 'Name') : undefined;
    const description = has('description')
      ? optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description')
      : undefined;
    if (has('active') && input.active === null) throw badInput('input.active', 'active must be true or false');
    const ipAllowlist = has('ipAllowlist') ? checkIpAllowlist(input.ipAllowlist, 'input.ipAllowlist') : undefined;
    const rateLimit = has('rateLimitPerMinute')
      ? checkRateLimit(input.rateLimitPerMinute, 'input.rateLimitPerMinute')
      : undefined;
    if (has('grants') && input.grants === null)
      throw badInput('input.grants', 'Pass a list of grants (empty to remove all)');

    let change: CredentialChange | null = null;
    const key = await this.deps.tx.run(async (em) => {
      const key = await this.findInTenant(em, principal, id, 'id');
      const before = { ...key, ipAllowlist: [...key.ipAllowlist] };
      const extra: Record<string, FieldChange> = {};
      if (name !== undefined) key.name = name;
      if (description !== undefined) key.description = description;
      if (has('active')) {
        if (input.active && key.revokedAt) throw conflict('input.active', 'A revoked key cannot be re-activated');
        key.active = input.active!;
      }
      if (ipAllowlist !== undefined) key.ipAllowlist = ipAllowlist;
      if (rateLimit !== undefined) key.rateLimitPerMinute = rateLimit;
      if (has('authorizationGroupId')) {
        if (key.kind === 'PERSONAL' && input.authorizationGroupId) {
          throw badInput(
            'input.authorizationGroupId',
            "Personal keys act with their owner's grants; they take no authorization group",
          );
        }
        key.authorizationGroupId =
          (
            await changeKeyGroup(
              em,
              principal,
              key.authorizationGroupId,
              input.authorizationGroupId ?? null,
              'input.authorizationGroupId',
            )
          )?.id ?? null;
      }
      if (has('grants')) {
        if (key.kind === 'GRAPHQL')
          throw badInput(
            'input.grants',
            'The grants of a GraphQL key cannot be changed after creation; create a new key instead',
          );
        if (key.kind === 'PERSONAL')
          throw badInput(
            'input.grants',
            "Personal keys act with their owner's grants; they take no grants of their own",
          );
        const beforeGrants = await inlineGrants(em, key.id);
        const resolved = await GrantService.resolveGrantInput(
          em,
          principal,
          input.grants!,
          'input.grants',
          beforeGrants,
        );
        const afterGrants = resolved
          .map(({ roleKey, level }) => ({ roleKey, level }))
          .sort((a, b) => a.roleKey.localeCompare(b.roleKey));
        if (JSON.stringify(beforeGrants) !== JSON.stringify(afterGrants)) {
          await GrantService.replaceGrants(em, key.tenantId, 'API_KEY', key.id, resolved, principal.actor());
          extra.grants = { before: beforeGrants, after: afterGrants };
        }
      }
      const changes = { ...diffFields(before, key, [...AUDITED_FIELDS]), ...extra };
      if (Object.keys(changes).length === 0) return key;
      key.stampUpdated(principal.actor());
      await writeKeyChanges(em, before, key);
      await emitKeyEvent(this.deps.events, em, principal, 'api_key.updated', key, changes);
      change = before.active && !key.active ? 'deactivated' : 'updated';
      return key;
    });
    if (change) this.notify([key.id], change);
    return key;
  }

  /** Renames one of the caller's own PERSONAL keys. */
  async updateOwnSecretKey(principal: Principal, id: string, title: string): Promise<ApiKey> {
    const name = requireText('title', title, NAME_MIN, NAME_MAX, 'Title');
    let changed = false;
    const key = await this.deps.tx.run(async (em) => {
      const key = await this.findOwnSecretKey(em, principal, id);
      if (key.name === name) return key;
      const before = { ...key };
      const changes = { name: { before: key.name, after: name } };
      key.name = name;
      key.stampUpdated(principal.actor());
      await writeKeyChanges(em, before, key);
      await emitKeyEvent(this.deps.events, em, principal, 'api_key.updated', key, changes);
      changed = true;
      return key;
    });
    if (changed) this.notify([key.id], 'updated');
    return key;
  }

  // ---------------------------------------------------------------- rotate

  /**
   * A new secret (REST credentials keep their clientId). The old secret stops at once, or after
   * the grace period (≤ 7 days, and never beyond the key's expiry). Personal keys are not rotated
   * (their owner revokes and creates a new one); rotating requires holding the key's grants, as
   * the caller receives a secret that acts with them.
   */
  async rotate(principal: Principal, id: string, args: RotateArgs): Promise<CreatedKey> {
    const grace = args.gracePeriodSeconds ?? 0;
    if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
      throw badInput(
        'gracePeriodSeconds',
        `gracePeriodSeconds must be a whole number from 0 to ${MAX_GRACE_SECONDS} (7 days)`,
      );
    }
    const now = new Date();
    const newExpiry = checkExpiresAt(args.expiresAt, 'expiresAt', now);
    const result = await this.deps.tx.run(async (em) => {
      const key = await this.findInTenant(em, principal, id, 'id');
      if (key.revokedAt) throw conflict('id', 'A revoked key cannot be rotated');
      if (key.kind === 'PERSONAL')
        throw badInput('id', 'Personal keys cannot be rotated; revoke the key and create a new one');
      const inline = await inlineGrants(em, key.id);
      const group = key.authorizationGroupId
        ? await GrantService.grantsOf(em, 'GROUP', [key.authorizationGroupId])
        : [];
      assertMayAssign(
        principal,
        [...inline, ...group],
        (g) => `You cannot rotate a key holding ${g.roleKey} at level ${g.level}: you do not hold it yourself`,
      );
      const oldExpiry = key.expiresAt;
      const expiresAt = newExpiry ?? oldExpiry;
      if (expiresAt && expiresAt.getTime() <= now.getTime())
        throw badInput('expiresAt', 'The key has expired; pass a new expiresAt in the future to rotate it');
      const before = { ...key, ipAllowlist: [...key.ipAllowlist] };
      // Grace: never beyond the key's (old or new) expiry.
      let graceEnd = grace > 0 ? now.getTime() + grace * 1000 : null;
      for (const limit of [oldExpiry, expiresAt])
        if (graceEnd !== null && limit) graceEnd = Math.min(graceEnd, limit.getTime());
      if (graceEnd !== null && graceEnd <= now.getTime()) graceEnd = null;
      const secret = generateSecret(key.kind === 'REST' ? 'REST_SECRET' : 'GRAPHQL');
      key.previousSecretHash = graceEnd !== null ? key.secretHash : null;
      key.previousSecretExpiresAt = graceEnd !== null ? new Date(graceEnd) : null;
      key.previousSecretLastUsedAt = null;
      key.previousSecretUseCount = 0;
      Object.assign(key, secretColumns(secret));
      key.rotatedAt = now;
      if (expiresAt?.getTime() !== oldExpiry?.getTime()) {
        key.expiresAt = expiresAt;
        key.expiringSoonNotifiedAt = null;
      }
      key.stampUpdated(principal.actor());
      await writeKeyChanges(em, before, key);
      const changes = diffFields(before, key, [...AUDITED_FIELDS]);
      changes.gracePeriodSeconds = { after: graceEnd === null ? 0 : Math.round((graceEnd - now.getTime()) / 1000) };
      await emitKeyEvent(this.deps.events, em, principal, 'api_key.rotated', key, changes);
      return { apiKey: key, secret };
    });
    this.notify([result.apiKey.id], 'rotated');
    return result;
  }

  // ---------------------------------------------------------------- revoke

  async revoke(principal: Principal, id: string, reason?: string | null): Promise<ApiKey> {
    const why = optionalText('reason', reason, REASON_MAX, 'reason');
    const key = await this.deps.tx.run(async (em) =>
      revokeKey(this.deps.events, em, principal, await this.findInTenant(em, principal, id, 'id'), why),
    );
    this.notify([key.id], 'revoked');
    return key;
  }

  async revokeOwnSecretKey(principal: Principal, id: string): Promise<ApiKey> {
    const key = await this.deps.tx.run(async (em) =>
      revokeKey(this.deps.events, em, principal, await this.findOwnSecretKey(em, principal, id), null),
    );
    this.notify([key.id], 'revoked');
    return key;
  }

  // ---------------------------------------------------------------- leaks

  /**
   * A leak of the secret with this SHA-256 was reported (docs/design.md §15). The key whose current or
   * rotated-out secret it is gets leakedAt, leakSource and the event `api_key.leaked` (actor SYSTEM);
   * with its tenant's leakedKeyAction REVOKE it is also revoked at once (reason "leaked") through the
   * revoke path. A key already reported leaked is left as it is (reports are repeated). Returns
   * whether the hash is a Keyward key's.
   */
  async reportLeaked(secretHash: string, source: string | null): Promise<boolean> {
    const outcome = await this.deps.tx.run(async (em) => {
      const qb = em
        .createQueryBuilder(ApiKey, 'k')
        .where('k.secretHash = :hash OR k.previousSecretHash = :hash', { hash: secretHash });
      if (this.deps.tx.dialect === 'mysql') qb.setLock('pessimistic_write');
      const key = await qb.getOne();
      if (!key) return null;
      if (key.leakedAt) return { key, revoked: false };
      const tenant = await em.findOne(Tenant, { where: { id: key.tenantId } });
      const system = Principal.system(key.tenantId);
      const before = { ...key };
      key.leakedAt = new Date();
      key.leakSource = source;
      key.stampUpdated(system.actor());
      await writeKeyChanges(em, before, key);
      await emitKeyEvent(
        this.deps.events,
        em,
        system,
        'api_key.leaked',
        key,
        diffFields(before, key, ['leakedAt', 'leakSource']),
      );
      const revoke = tenant?.leakedKeyAction !== 'NOTIFY' && !key.revokedAt;
      if (revoke) await revokeKey(this.deps.events, em, system, key, LEAKED_REVOKE_REASON);
      return { key, revoked: revoke };
    });
    if (outcome?.revoked) this.notify([outcome.key.id], 'revoked');
    return outcome !== null;
  }

  // ---------------------------------------------------------------- delete

  /** All or nothing: an id not in the caller's tenant answers NOT_FOUND naming it, and nothing is deleted. */
  async delete(principal: Principal, ids: string[]): Promise<{ deletedIds: string[] }> {
    if (ids.length > MAX_DELETE_IDS) throw badInput('ids', `Delete at most ${MAX_DELETE_IDS} keys at once`);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { deletedIds: [] };
    const deletedIds = await this.deps.tx.run(async (em) => {
      // locked (MySQL/MariaDB): the rows deleted are the rows read, revoked or not (tenant.limitedKeyCount)
      const qb = this.scopedQuery(principal, em).andWhere('k.id IN (:...ids)', { ids: unique });
      if (this.deps.tx.dialect === 'mysql') qb.setLock('pessimistic_write');
      const found = await qb.getMany();
      const byId = new Map(found.map((key) => [key.id, key]));
      const keys = unique.map((id) => {
        const key = byId.get(id);
        // never echo something shaped like a secret (a pasted key) back into an error
        if (!key)
          throw new KeywardError(
            'NOT_FOUND',
            `API key ${looksLikeSecret(id) ? `ids[${ids.indexOf(id)}]` : `"${id}"`} not found`,
            { field: `ids[${ids.indexOf(id)}]` },
          );
        return key;
      });
      return deleteKeys(this.deps.events, em, principal, keys, (key) => `ids[${ids.indexOf(key.id)}]`);
    });
    this.notify(deletedIds, 'deleted');
    return { deletedIds };
  }

  async deleteOwnSecretKey(principal: Principal, id: string): Promise<{ deletedIds: string[] }> {
    const deletedIds = await this.deps.tx.run(async (em) =>
      deleteKeys(this.deps.events, em, principal, [await this.findOwnSecretKey(em, principal, id)], () => 'id'),
    );
    this.notify(deletedIds, 'deleted');
    return { deletedIds };
  }

  // ---------------------------------------------------------------- internals

  /** A query over the caller's keys: tenant filter always, channel filter for channel-bound callers. */
  private scopedQuery(
    principal: Principal,
    em: EntityManager = this.deps.dataSource.manager,
  ): SelectQueryBuilder<ApiKey> {
    return channelScope.where(
      em.createQueryBuilder(ApiKey, 'k').where('k.tenantId = :tenantId', { tenantId: principal.tenant }),
      principal,
      'k.channelId',
    );
  }

  private async findInTenant(em: EntityManager, principal: Principal, id: string, field: string): Promise<ApiKey> {
    const key = await this.scopedQuery(principal, em).andWhere('k.id = :id', { id }).getOne();
    if (!key) throw notFound('API key', field);
    return key;
  }

  /** One of the caller's own PERSONAL keys; anyone else's answers NOT_FOUND. */
  private async findOwnSecretKey(em: EntityManager, principal: Principal, id: string): Promise<ApiKey> {
    const key = principal.userId
      ? await em.findOne(ApiKey, {
          where: { id, tenantId: principal.tenant, kind: 'PERSONAL', ownerId: principal.userId },
        })
      : null;
    if (!key) throw notFound('API key', 'id');
    return key;
  }

  private notify(ids: string[], change: CredentialChange): void {
    const listener = this.deps.onCredentialChanged;
    for (const id of ids) {
      try {
        listener(id, change);
      } catch (error) {
        this.deps.log.warn({ err: error, keyId: id, change }, 'credential change listener failed');
      }
    }
  }

  private listOptions(): ApiKeyListOptions {
    return { dialect: this.deps.tx.dialect, usage24hSql: () => this.deps.usage.usage24hSql() };
  }
}
